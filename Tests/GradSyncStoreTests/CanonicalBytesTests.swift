import Crypto
import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import PropertyBased
import Testing

/// The byte writer the store hashes and stores with must give exactly the Core's canonical text:
/// content hashes compare across replicas and versions.
@Suite struct CanonicalBytesTests {
    static let awkward: [FieldValue] = [
        .null, .bool(true), .bool(false), .integer(0), .integer(Int64.min), .integer(Int64.max), .string(""),
        .string("张三 \u{3000}全角"), .string("\" \\ / \n \r \t \u{08} \u{0C} \u{00} \u{01} \u{1F} \u{7F} \u{2028} 😀 é"),
        .list([]), .object([:]), .list([.null, .list([.string("a")]), .object(["b": .integer(-5)])]),
        .object(["b": .null, "a": .bool(true), "Z": .string("z"), "é": .integer(1), "😀": .list([])]),
    ]

    @Test(arguments: awkward)
    func valuesAreWrittenAsCanonicalJSON(value: FieldValue) {
        #expect(CanonicalBytes.text(value) == value.canonicalJSON)
    }

    @Test func randomValuesAreWrittenAsCanonicalJSON() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            let value = Self.randomValue(&random, depth: 0)
            #expect(CanonicalBytes.text(value) == value.canonicalJSON)
        }
    }

    /// Values are equal exactly when their canonical texts are, whatever shortcut `==` takes; `isNull` is `== .null`.
    @Test func equalityIsEqualityOfCanonicalText() async {
        func agrees(_ left: FieldValue, _ right: FieldValue) -> Bool {
            (left == right) == left.canonicalJSON.utf8.elementsEqual(right.canonicalJSON.utf8)
                && left.isNull == (left.canonicalJSON == "null")
        }
        // Canonically equivalent to Swift's String, yet different bytes: different values.
        let composed = FieldValue.string("\u{E9}"), decomposed = FieldValue.string("e\u{301}")
        #expect(composed != decomposed && agrees(composed, decomposed))
        #expect(FieldValue.object(["\u{E9}": .null]) != .object(["e\u{301}": .null]))
        #expect(FieldValue.integer(1) != .string("1") && FieldValue.null != .string("null") && FieldValue.bool(true) != .integer(1))
        for left in Self.awkward {
            for right in Self.awkward { #expect(agrees(left, right), "\(left) and \(right)") }
        }
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            let value = Self.randomValue(&random, depth: 0)
            let other = Self.randomValue(&random, depth: 0)
            #expect(agrees(value, value) && value == value)
            #expect(agrees(value, other))
            #expect(agrees(value, .list([value])) && agrees(.list([value]), .list([value])))
        }
    }

    @Test func changesHashTheirCanonicalText() throws {
        let origin = ReplicaID.random()
        let scope = try Scope.department("AUTO")
        for (index, value) in Self.awkward.enumerated() {
            let change = Change(
                id: ChangeID(origin: origin, scope: scope, seq: UInt64(index + 1)), hlc: HLCTimestamp(milliseconds: 1_718_000_000_000, counter: 7),
                collection: "graduate", key: "2024 \"01\"", field: "f\(index)", value: value,
                bases: index.isMultiple(of: 2) ? [] : [ChangeID(origin: origin, scope: scope, seq: UInt64(index))],
                seen: index.isMultiple(of: 3) ? [ChangeID(origin: .random(), scope: scope, seq: 9)] : [], author: "秘书\n")
            #expect(CanonicalBytes.canonicalText(of: change) == Array(change.canonicalText.utf8))
            let expected = SHA256.hash(data: Array(change.canonicalText.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(change.contentHash == expected)
        }
    }

    /// Stamps, seqs and ids of every size (the integers are written digit by digit, not through `String`).
    @Test func randomChangesAreWrittenAsTheirCanonicalText() async throws {
        let scopes = [try Scope.department("AUTO"), Scope.shared, try Scope.department("B_1-x")]
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            func anyNumber() -> UInt64 {
                switch random.next() % 4 {
                case 0: return random.next() % 10
                case 1: return [0, 1, 9, 10, 99, 100, UInt64(Int64.max), UInt64(Int64.max) + 1, .max][Int(random.next() % 9)]
                default: return random.next() >> (random.next() % 64)
                }
            }
            func anyID() -> ChangeID {
                ChangeID(origin: .random(using: &random), scope: scopes[Int(random.next() % 3)], seq: anyNumber())
            }
            let change = Change(
                id: anyID(), hlc: HLCTimestamp(rawValue: anyNumber()), collection: Self.randomText(&random),
                key: Self.randomText(&random), field: Self.randomText(&random), value: Self.randomValue(&random, depth: 0),
                bases: (0..<Int(random.next() % 3)).map { _ in anyID() }, seen: (0..<Int(random.next() % 3)).map { _ in anyID() },
                author: Self.randomText(&random))
            #expect(CanonicalBytes.canonicalText(of: change) == Array(change.canonicalText.utf8))
        }
    }

    static func randomValue(_ random: inout SplitMix64, depth: Int) -> FieldValue {
        switch random.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .integer(Int64(bitPattern: random.next()))
        case 3: return .string(randomText(&random))
        case 4: return .list((0..<Int(random.next() % 4)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var members: [String: FieldValue] = [:]
            for _ in 0..<Int(random.next() % 4) { members[randomText(&random)] = randomValue(&random, depth: depth + 1) }
            return .object(members)
        }
    }

    static func randomText(_ random: inout SplitMix64) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", "\"", "\\", "/", "\n", "\u{00}", "\u{1F}", "\u{7F}", "é", "中", "😀", "\u{2028}", " "]
        var text = String.UnicodeScalarView()
        for _ in 0..<Int(random.next() % 8) { text.append(pool[Int(random.next() % UInt64(pool.count))]) }
        return String(text)
    }
}
