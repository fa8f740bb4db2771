import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

@Suite struct BatchWriteTests {
    let replicas: TestReplicas
    let auto: ReplicaStore
    let first = RecordID.graduate("2020001", in: "AUTO")
    let second = RecordID.graduate("2020002", in: "AUTO")

    init() throws {
        replicas = try TestReplicas()
        auto = try replicas.department("auto", "AUTO")
    }

    @Test func batchWritesEveryRecordAndReportsChangesPerRecord() throws {
        try auto.write(first, fields: ["name": .string("a")], mode: .create, author: "s")
        let written = try auto.write(batch: [
            RecordWrite(record: first, fields: ["name": .string("a")], mode: .upsert),
            RecordWrite(record: second, fields: ["name": .string("b"), "gender": .string("2")], mode: .create),
        ], author: "import")
        #expect(written.map(\.count) == [0, 2])
        #expect(try auto.changeCount() == 3)
        #expect(try auto.record(second)?.fields["gender"] == .string("2"))
    }

    @Test func batchIsAllOrNothing() throws {
        try auto.write(first, fields: ["name": .string("a")], mode: .create, author: "s")
        #expect(throws: StoreError.recordExists(first)) {
            try auto.write(batch: [
                RecordWrite(record: second, fields: ["name": .string("b")], mode: .create),
                RecordWrite(record: first, fields: ["name": .string("c")], mode: .create),
            ], author: "import")
        }
        #expect(try auto.changeCount() == 1)
        #expect(try auto.record(second) == nil)
    }

    @Test func dryRunReturnsTheChangesAndStoresNothing() throws {
        let written = try auto.write(batch: [RecordWrite(record: first, fields: ["name": .string("a")], mode: .create)],
                                     author: "import", dryRun: true)
        #expect(written.map(\.count) == [1])
        #expect(try auto.changeCount() == 0)
        #expect(try auto.lastIssuedStamp() == .zero)
    }

    @Test func deletedRecordIsRestoredOnlyWhenAsked() throws {
        try auto.write(first, fields: ["name": .string("a")], mode: .create, author: "s")
        try auto.delete(first, author: "s")
        #expect(throws: StoreError.recordDeleted(first)) {
            try auto.write(batch: [RecordWrite(record: first, fields: ["name": .string("b")], mode: .upsert)], author: "import")
        }
        let written = try auto.write(batch: [RecordWrite(record: first, fields: ["name": .string("b")], mode: .upsert, restoresDeleted: true)],
                                     author: "import")
        #expect(written[0].map(\.field) == [Change.tombstoneField, "name"])
        #expect(try auto.record(first)?.isDeleted == false)
    }

    @Test func confirmingADeletionClosesTheDeletedWhileEditedEntry() throws {
        let other = try replicas.department("other", "AUTO")
        try auto.write(first, fields: ["name": .string("a")], mode: .create, author: "s")
        try ReplicaExchange.sync(auto, other)
        try auto.delete(first, author: "l")
        try other.write(first, fields: ["phone": .string("13800000000")], mode: .update, author: "r")
        try ReplicaExchange.sync(auto, other)
        #expect(try auto.conflicts() == [.deletedWhileEdited(record: first, unseenFields: ["phone"])])
        try auto.confirmDeletion(first, author: "office")
        try ReplicaExchange.sync(auto, other)
        for store in [auto, other] {
            #expect(try store.conflicts().isEmpty)
            #expect(try store.record(first)?.isDeleted == true)
        }
        #expect(throws: StoreError.recordNotDeleted(second)) {
            try auto.write(second, fields: ["name": .string("b")], mode: .create, author: "s")
            try auto.confirmDeletion(second, author: "office")
        }
    }
}
