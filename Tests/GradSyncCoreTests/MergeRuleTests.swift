import GradSyncCore
import Testing

@Suite struct MergeRuleTests {
    let alpha = ReplicaID(hex: "0000000000000000000000000000000a")!
    let beta = ReplicaID(hex: "0000000000000000000000000000000b")!
    let auto = try! Scope.department("AUTO")

    func change(_ origin: ReplicaID, _ seq: UInt64, hlc: UInt64, value: String, bases: [ChangeID] = []) -> Change {
        Change(id: ChangeID(origin: origin, scope: auto, seq: seq), hlc: HLCTimestamp(milliseconds: hlc),
               collection: "graduate", key: "1", field: "name", value: .string(value), bases: bases, author: "t")
    }

    @Test func laterWriteThatSawTheEarlierOneIsTheOnlyHead() {
        let first = change(alpha, 1, hlc: 10, value: "a")
        let second = change(beta, 1, hlc: 5, value: "b", bases: [first.id])
        let merge = FieldMerge(changes: [second, first])
        #expect(merge.heads == [second])
        #expect(merge.winner?.value == .string("b"))
        #expect(!merge.isConflicted)
    }

    @Test func concurrentWritesWithDifferentValuesConflictAndHigherStampWins() {
        let left = change(alpha, 1, hlc: 10, value: "a")
        let right = change(beta, 1, hlc: 11, value: "b")
        let merge = FieldMerge(changes: [left, right])
        #expect(merge.heads.count == 2)
        #expect(merge.winner == right)
        #expect(merge.isConflicted)
    }

    @Test func equalStampsAreOrderedByOrigin() {
        let left = change(alpha, 1, hlc: 10, value: "a")
        let right = change(beta, 1, hlc: 10, value: "b")
        #expect(FieldMerge(changes: [right, left]).winner == right)
        #expect(FieldMerge(changes: [left, right]).winner == right)
    }

    @Test func concurrentWritesOfEqualValuesAreNotAConflict() {
        let merge = FieldMerge(changes: [change(alpha, 1, hlc: 10, value: "a"), change(beta, 1, hlc: 11, value: "a")])
        #expect(merge.heads.count == 2)
        #expect(!merge.isConflicted)
        #expect(!merge.writeIsNoOp(.string("a")))
    }

    @Test func resolvingWriteClosesTheConflict() {
        let left = change(alpha, 1, hlc: 10, value: "a")
        let right = change(beta, 1, hlc: 11, value: "b")
        let resolution = change(alpha, 2, hlc: 12, value: "b", bases: [left.id, right.id])
        let merge = FieldMerge(changes: [left, right, resolution])
        #expect(merge.heads == [resolution])
        #expect(!merge.isConflicted)
    }

    @Test func deletionRacingAnEditIsListedForReview() {
        let edit = change(alpha, 1, hlc: 10, value: "a")
        let tombstone = Change(id: ChangeID(origin: beta, scope: auto, seq: 1), hlc: HLCTimestamp(milliseconds: 11),
                               collection: "graduate", key: "1", field: Change.tombstoneField, value: .bool(true), author: "t")
        #expect(DeletionReview.needsReview(tombstone: FieldMerge(changes: [tombstone]), fieldHeads: [edit.id]))
        var seenAll = tombstone
        seenAll.seen = [edit.id]
        #expect(!DeletionReview.needsReview(tombstone: FieldMerge(changes: [seenAll]), fieldHeads: [edit.id]))
    }
}
