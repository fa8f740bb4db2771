/// A replica's identity: 128 random bits, written as 32 lowercase hex digits.
///
/// Created once with the replica and never reused; a restored backup gets a new one.
public struct ReplicaID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32-digit lowercase hex form, which is also the total order used by the merge rule.
    public let hex: String

    /// Parses a 32-digit hex id; returns nil for anything else.
    public init?(hex: String) {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == 32, lowered.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            return nil
        }
        self.hex = lowered
    }

    /// Makes a fresh random id.
    public static func random() -> ReplicaID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// Makes a random id from the given generator (tests use a seeded one).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> ReplicaID {
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        let digits = hexDigits(high) + hexDigits(low)
        return ReplicaID(hex: digits)!
    }

    private static func hexDigits(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool { lhs.hex < rhs.hex }

    public var description: String { hex }
}
