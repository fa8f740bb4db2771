/// A hybrid logical clock stamp: 48 bits of Unix milliseconds and a 16-bit counter in one `UInt64`.
///
/// Stamps order concurrent heads; causality comes from a change's `bases`, never from stamps.
/// Incrementing the raw value carries counter overflow into the milliseconds.
public struct HLCTimestamp: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The packed value: `milliseconds << 16 | counter`.
    public let rawValue: UInt64

    /// Wraps a packed stamp.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Makes a stamp from its two parts; milliseconds are truncated to 48 bits.
    public init(milliseconds: UInt64, counter: UInt16 = 0) {
        rawValue = (milliseconds & Self.millisecondMask) << 16 | UInt64(counter)
    }

    static let millisecondMask: UInt64 = (1 << 48) - 1

    /// The zero stamp, older than every real one.
    public static let zero = HLCTimestamp(rawValue: 0)

    /// Unix milliseconds of this stamp.
    public var milliseconds: UInt64 { rawValue >> 16 }

    /// The logical counter within one millisecond.
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// The next stamp after this one (one tick later).
    public var successor: HLCTimestamp { HLCTimestamp(rawValue: rawValue &+ 1) }

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "\(milliseconds).\(counter)" }
}

/// The rule that stamps a local write (Kulkarni et al. 2014, adapted to the design).
///
/// A stamp is `max(wall, last issued, highest base capped at wall + drift) + 1 tick`, so a
/// replica never reuses or reorders its own stamps (even when the wall clock steps back) and a
/// far-ahead remote stamp can never drag the local clock past the allowed drift.
public struct HybridClockRule: Sendable, Equatable {
    /// How far ahead of the wall clock a stamp may be before it is suspect, in milliseconds.
    public var maxDriftMilliseconds: UInt64

    /// The default drift allowance: ten minutes.
    public static let defaultMaxDriftMilliseconds: UInt64 = 10 * 60 * 1000

    /// Makes a rule with the given drift allowance.
    public init(maxDriftMilliseconds: UInt64 = defaultMaxDriftMilliseconds) {
        self.maxDriftMilliseconds = maxDriftMilliseconds
    }

    /// Stamps a local write.
    /// - Parameters:
    ///   - wallMilliseconds: the wall clock now, Unix milliseconds.
    ///   - lastIssued: the highest stamp this replica has issued so far.
    ///   - highestBase: the highest stamp among the write's bases, if any.
    public func stamp(wallMilliseconds: UInt64, lastIssued: HLCTimestamp, highestBase: HLCTimestamp?) -> HLCTimestamp {
        let wall = HLCTimestamp(milliseconds: wallMilliseconds)
        var floor = max(wall, lastIssued)
        if let base = highestBase {
            let ceiling = HLCTimestamp(milliseconds: wallMilliseconds &+ maxDriftMilliseconds, counter: .max)
            floor = max(floor, min(base, ceiling))
        }
        return floor.successor
    }

    /// How far (in milliseconds) a received stamp is ahead of the allowed drift, or nil when it is not suspect.
    public func suspectAmount(of stamp: HLCTimestamp, wallMilliseconds: UInt64) -> UInt64? {
        let limit = wallMilliseconds &+ maxDriftMilliseconds
        return stamp.milliseconds > limit ? stamp.milliseconds - wallMilliseconds : nil
    }
}
