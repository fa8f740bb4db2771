import GradSyncCore
import Testing

/// The deletion-review rule: which fields of a deleted record were edited concurrently with the deletion.
@Suite struct DeletionReviewTests {
    let alpha = ReplicaID(hex: "0000000000000000000000000000000a")!
    let beta = ReplicaID(hex: "0000000000000000000000000000000b")!
    let auto = try! Scope.department("AUTO")

    func id(_ origin: ReplicaID, _ seq: UInt64) -> ChangeID { ChangeID(origin: origin, scope: auto, seq: seq) }

    func tombstone(_ origin: ReplicaID, _ seq: UInt64, hlc: UInt64, _ value: FieldValue, seen: [ChangeID] = []) -> Change {
        Change(id: id(origin, seq), hlc: HLCTimestamp(milliseconds: hlc), collection: "graduate", key: "1",
               field: Change.tombstoneField, value: value, seen: seen, author: "t")
    }

    @Test func unseenFieldsAreThoseWithAHeadNoDeletingHeadHadSeen() {
        let name = id(alpha, 1)
        let phone = id(alpha, 2)
        let lateEdit = id(beta, 3)
        let delete = tombstone(beta, 4, hlc: 20, Change.deletedValue, seen: [name, phone])
        let merge = FieldMerge(changes: [delete])
        #expect(DeletionReview.unseenFields(tombstone: merge, fieldHeads: [("phone", [phone]), ("name", [name])]).isEmpty)
        #expect(DeletionReview.unseenFields(tombstone: merge, fieldHeads: [("phone", [phone, lateEdit]), ("name", [name]),
                                                                           ("email", [id(beta, 5)])]) == ["email", "phone"])
        #expect(DeletionReview.needsReview(tombstone: merge, fieldHeads: [name, lateEdit]))
        #expect(!DeletionReview.needsReview(tombstone: merge, fieldHeads: [name, phone]))
    }

    @Test func concurrentDeletesTogetherHaveSeenWhatEitherSaw() {
        let name = id(alpha, 1)
        let phone = id(alpha, 2)
        let merge = FieldMerge(changes: [tombstone(alpha, 3, hlc: 20, Change.deletedValue, seen: [name]),
                                         tombstone(beta, 1, hlc: 21, Change.deletedValue, seen: [phone])])
        #expect(DeletionReview.unseenFields(tombstone: merge, fieldHeads: [("name", [name]), ("phone", [phone])]).isEmpty)
    }

    @Test func aShownRestoreNeedsNoReview() {
        let edit = id(alpha, 1)
        let merge = FieldMerge(changes: [tombstone(alpha, 2, hlc: 20, Change.deletedValue),
                                         tombstone(beta, 1, hlc: 21, Change.restoredValue)])
        #expect(DeletionReview.unseenFields(tombstone: merge, fieldHeads: [("name", [edit])]).isEmpty)
        #expect(!DeletionReview.needsReview(tombstone: merge, fieldHeads: [edit]))
    }

    @Test func aRestoreHeadBesideAShownDeleteSawNothing() {
        // A restore never carries what it saw; even one that did would not count as seen by a deletion.
        let edit = id(alpha, 1)
        let merge = FieldMerge(changes: [tombstone(alpha, 2, hlc: 21, Change.deletedValue),
                                         tombstone(beta, 1, hlc: 20, Change.restoredValue, seen: [edit])])
        #expect(DeletionReview.unseenFields(tombstone: merge, fieldHeads: [("name", [edit])]) == ["name"])
    }
}
