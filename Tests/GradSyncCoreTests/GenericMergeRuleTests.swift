import GradSyncCore
import PropertyBased
import Testing

/// A head that holds its value as raw bytes: a head type other than `Change`, as the store's rows are.
struct ByteHead: MergeHead, Equatable {
    var id: ChangeID
    var hlc: HLCTimestamp
    var value: [UInt8]

    func holds(_ value: [UInt8]) -> Bool { self.value == value }
}

/// `MergeRule` on its own, over a head type of the tests' making: the rule the store and the reference model share.
@Suite struct GenericMergeRuleTests {
    static let alpha = ReplicaID(hex: "0000000000000000000000000000000a")!
    static let beta = ReplicaID(hex: "0000000000000000000000000000000b")!
    static let gamma = ReplicaID(hex: "0000000000000000000000000000000c")!
    static let auto = try! Scope.department("AUTO")
    static let cs = try! Scope.department("CS")

    func head(_ origin: ReplicaID, _ scope: Scope, _ seq: UInt64, hlc: UInt64, _ value: String = "v") -> ByteHead {
        ByteHead(id: ChangeID(origin: origin, scope: scope, seq: seq), hlc: HLCTimestamp(milliseconds: hlc), value: Array(value.utf8))
    }

    /// Asserts that `winner` wins over `loser`, and is chosen whichever order the two are given in.
    func expectWins(_ winner: ByteHead, over loser: ByteHead, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(winner.winsOver(loser) && !loser.winsOver(winner), sourceLocation: sourceLocation)
        for heads in [[winner, loser], [loser, winner]] {
            #expect(MergeRule.winnerIndex(of: heads).map { heads[$0] } == winner, sourceLocation: sourceLocation)
            #expect(MergeRule.ordered(heads) == [winner, loser], sourceLocation: sourceLocation)
        }
    }

    @Test func theHigherStampWinsBeforeAnyPartOfTheID() {
        expectWins(head(Self.alpha, Self.auto, 1, hlc: 11), over: head(Self.gamma, Self.cs, 9, hlc: 10))
    }

    @Test func equalStampsAreOrderedByOriginThenScopeThenSeq() {
        expectWins(head(Self.beta, Self.auto, 1, hlc: 10), over: head(Self.alpha, Self.cs, 9, hlc: 10))
        expectWins(head(Self.alpha, Self.cs, 1, hlc: 10), over: head(Self.alpha, Self.auto, 9, hlc: 10))
        expectWins(head(Self.alpha, Self.auto, 2, hlc: 10), over: head(Self.alpha, Self.auto, 1, hlc: 10))
    }

    @Test func noHeadsHaveNoWinnerNoConflictAndNoNoOp() {
        let none: [ByteHead] = []
        #expect(MergeRule.winnerIndex(of: none) == nil)
        #expect(!MergeRule.isConflicted(none))
        #expect(!MergeRule.writeIsNoOp(none, value: Array("v".utf8)))
    }

    @Test func theWinnerIsTheSameWhateverOrderTheHeadsAreIn() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            var random = Xoshiro(seed: (seed, ~seed, 0x9E37_79B9_7F4A_7C15, 1))
            let heads = Self.randomHeads(using: &random)
            let ordered = MergeRule.ordered(heads)
            for (earlier, later) in zip(ordered, ordered.dropFirst()) { #expect(earlier.winsOver(later)) }
            let shuffled = heads.shuffled(using: &random)
            #expect(MergeRule.winnerIndex(of: shuffled).map { shuffled[$0] } == ordered.first)
            #expect(MergeRule.ordered(shuffled) == ordered)
        }
    }

    @Test func headsConflictWhenTheirCanonicalBytesDiffer() {
        // `é` composed and decomposed: equal to Swift's `String ==`, different bytes, so a conflict.
        let composed = head(Self.alpha, Self.auto, 1, hlc: 10, "\u{E9}")
        let decomposed = head(Self.beta, Self.auto, 1, hlc: 11, "e\u{301}")
        #expect(MergeRule.isConflicted([composed, decomposed]))
        #expect(MergeRule.isConflicted([decomposed, composed]))
        let sameBytes = head(Self.gamma, Self.auto, 1, hlc: 12, "\u{E9}")
        #expect(!MergeRule.isConflicted([composed, sameBytes]))
        #expect(MergeRule.isConflicted([composed, sameBytes, decomposed]))
        #expect(!MergeRule.isConflicted([decomposed]))
    }

    @Test func changesConflictWhenTheirValuesCanonicalBytesDiffer() {
        func change(_ origin: ReplicaID, _ value: FieldValue) -> Change {
            Change(id: ChangeID(origin: origin, scope: Self.auto, seq: 1), hlc: HLCTimestamp(milliseconds: 10),
                   collection: "graduate", key: "1", field: "name", value: value, author: "t")
        }
        #expect(MergeRule.isConflicted([change(Self.alpha, .string("\u{E9}")), change(Self.beta, .string("e\u{301}"))]))
        #expect(!MergeRule.isConflicted([change(Self.alpha, .object(["a": .integer(1), "b": .null])),
                                         change(Self.beta, .object(["b": .null, "a": .integer(1)]))]))
        #expect(MergeRule.isConflicted([change(Self.alpha, .integer(1)), change(Self.beta, .string("1"))]))
    }

    @Test func aWriteIsANoOpOnlyOnASingleHeadWithEqualBytes() {
        let shown = head(Self.alpha, Self.auto, 1, hlc: 10, "\u{E9}")
        #expect(MergeRule.writeIsNoOp([shown], value: Array("\u{E9}".utf8)))
        #expect(!MergeRule.writeIsNoOp([shown], value: Array("e\u{301}".utf8)))
        // Two heads holding the same value: writing it again still writes, closing the two heads into one.
        let twin = head(Self.beta, Self.auto, 1, hlc: 11, "\u{E9}")
        #expect(!MergeRule.writeIsNoOp([shown, twin], value: Array("\u{E9}".utf8)))
    }

    @Test func aChangeSupersedesExactlyTheHeadsItsBasesName() {
        let left = head(Self.alpha, Self.auto, 1, hlc: 10)
        let right = head(Self.beta, Self.auto, 1, hlc: 11)
        let notHeld = ChangeID(origin: Self.gamma, scope: Self.auto, seq: 4)
        var heads = [left, right]
        var unmatched: [ChangeID] = []
        #expect(MergeRule.removeSuperseded(from: &heads, bases: [notHeld, right.id]) { unmatched.append($0) })
        #expect(heads == [left])
        #expect(unmatched == [notHeld])
        #expect(!MergeRule.removeSuperseded(from: &heads, bases: [right.id]) { unmatched.append($0) })
        #expect(heads == [left])
        #expect(unmatched == [notHeld, right.id])
    }

    /// Superseding heads one arriving change at a time (remembering bases that named nothing yet, as the store's
    /// pending bases do) ends, in every arrival order, at the heads the set of changes defines.
    @Test func supersedingInAnyArrivalOrderGivesTheHeadsOfTheSet() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            var random = Xoshiro(seed: (seed, ~seed, 0xBF58_476D_1CE4_E5B9, 2))
            var changes: [Change] = []
            for seq in 1...UInt64.random(in: 1...10, using: &random) {
                let bases = changes.filter { _ in Bool.random(using: &random) }.map(\.id)
                changes.append(Change(id: ChangeID(origin: [Self.alpha, Self.beta][Int(seq % 2)], scope: Self.auto, seq: seq),
                                      hlc: HLCTimestamp(milliseconds: UInt64.random(in: 1...5, using: &random)),
                                      collection: "graduate", key: "1", field: "name", value: .integer(Int64(seq % 3)),
                                      bases: bases, author: "t"))
            }
            var heads: [Change] = []
            var pending = Set<ChangeID>()
            for change in changes.shuffled(using: &random) {
                _ = MergeRule.removeSuperseded(from: &heads, bases: change.bases) { pending.insert($0) }
                if !pending.contains(change.id) { heads.append(change) }
            }
            let reference = FieldMerge(changes: changes)
            #expect(MergeRule.ordered(heads) == reference.heads)
            #expect(MergeRule.isConflicted(heads) == reference.isConflicted)
        }
    }

    /// Up to six heads with distinct ids, many equal stamps and few values, so ties and conflicts are common.
    static func randomHeads(using random: inout Xoshiro) -> [ByteHead] {
        var heads: [ChangeID: ByteHead] = [:]
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            let id = ChangeID(origin: [alpha, beta, gamma].randomElement(using: &random)!, scope: [auto, cs].randomElement(using: &random)!,
                              seq: UInt64.random(in: 1...3, using: &random))
            heads[id] = ByteHead(id: id, hlc: HLCTimestamp(milliseconds: UInt64.random(in: 1...3, using: &random)),
                                 value: Array(["a", "b", "\u{E9}", "e\u{301}"].randomElement(using: &random)!.utf8))
        }
        return heads.values.sorted { $0.id < $1.id }
    }
}
