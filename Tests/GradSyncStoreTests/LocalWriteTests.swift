import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

@Suite struct LocalWriteTests {
    let replicas: TestReplicas
    let auto: ReplicaStore
    let record = RecordID.graduate("2020001", in: "AUTO")

    init() throws {
        replicas = try TestReplicas()
        auto = try replicas.department("auto", "AUTO")
    }

    @Test func writeProducesOneChangePerChangedField() throws {
        let first = try auto.write(record, fields: ["name": .string("张三"), "gender": .string("1")], mode: .create, author: "sec")
        #expect(first.map(\.field) == ["gender", "name"])
        #expect(first.map(\.id.seq) == [1, 2])
        let second = try auto.write(record, fields: ["name": .string("张三"), "gender": .string("2")], mode: .update, author: "sec")
        #expect(second.map(\.field) == ["gender"])
        #expect(second[0].bases == [first[0].id])
        #expect(try auto.record(record)?.fields == ["name": .string("张三"), "gender": .string("2")])
        #expect(try auto.versionVector()[StreamKey(origin: auto.replicaID, scope: record.scope)] == 3)
    }

    @Test func createRefusesAnExistingRecordAndUpdateRefusesAMissingOne() throws {
        try auto.write(record, fields: ["name": .string("a")], mode: .create, author: "sec")
        #expect(throws: StoreError.recordExists(record)) {
            try auto.write(record, fields: ["name": .string("b")], mode: .create, author: "sec")
        }
        let missing = RecordID.graduate("9", in: "AUTO")
        #expect(throws: StoreError.recordNotFound(missing)) {
            try auto.write(missing, fields: ["name": .string("b")], mode: .update, author: "sec")
        }
        #expect(try auto.changeCount() == 1)
    }

    @Test func departmentReplicaCannotWriteAnotherDepartmentOrShared() throws {
        let other = RecordID.graduate("1", in: "CS")
        #expect(throws: StoreError.outOfScope(scope: other.scope, allowed: auto.scope)) {
            try auto.write(other, fields: ["name": .string("x")], mode: .create, author: "sec")
        }
        let shared = RecordID(scope: .shared, collection: "department", key: "AUTO")
        #expect(throws: StoreError.self) { try auto.write(shared, fields: ["name": .string("x")], mode: .create, author: "sec") }
        #expect(try auto.changeCount() == 0)
    }

    @Test func reservedFieldNamesAreRefused() throws {
        #expect(throws: StoreError.reservedField("_deleted")) {
            try auto.write(record, fields: ["_deleted": .bool(true)], mode: .upsert, author: "sec")
        }
    }

    @Test func deletedRecordMustBeRestoredBeforeItIsEdited() throws {
        try auto.write(record, fields: ["name": .string("a")], mode: .create, author: "sec")
        try auto.delete(record, author: "sec")
        #expect(try auto.record(record)?.isDeleted == true)
        #expect(try auto.records(collection: "graduate").isEmpty)
        #expect(try auto.records(collection: "graduate", includeDeleted: true).count == 1)
        #expect(throws: StoreError.recordDeleted(record)) {
            try auto.write(record, fields: ["name": .string("b")], mode: .update, author: "sec")
        }
        try auto.restore(record, author: "sec")
        #expect(try auto.record(record)?.fields["name"] == .string("a"))
        #expect(throws: StoreError.recordNotDeleted(record)) { try auto.restore(record, author: "sec") }
    }

    @Test func validatorRefusalWritesNothing() throws {
        struct NoDigits: ChangeValidator {
            func validate(_ change: Change) throws(ValidationError) {
                if change.value.stringValue?.contains(where: \.isNumber) == true {
                    throw ValidationError(field: change.field, value: change.value.displayText, allowed: "no digits")
                }
            }
        }
        let store = try replicas.make("strict", scope: .department(try .department("AUTO")), validator: NoDigits())
        #expect(throws: StoreError.invalid(ValidationError(field: "name", value: "a1", allowed: "no digits"))) {
            try store.write(record, fields: ["major": .string("ok"), "name": .string("a1")], mode: .create, author: "sec")
        }
        #expect(try store.changeCount() == 0)
        #expect(try store.record(record) == nil)
    }

    @Test func historyShowsWhoChangedWhatFromWhichValue() throws {
        try auto.write(record, fields: ["name": .string("a")], mode: .create, author: "alice")
        try auto.write(record, fields: ["name": .string("b")], mode: .update, author: "bob")
        let history = try auto.history(record, field: "name")
        #expect(history.map(\.change.author) == ["alice", "bob"])
        #expect(history.map(\.previous) == [[], [.string("a")]])
        let together = try #require(try auto.recordWithHistory(record))
        #expect(together.record == (try auto.record(record)))
        #expect(together.history.map(\.change.author) == ["alice", "bob"])
        #expect(try auto.recordWithHistory(RecordID(scope: record.scope, collection: record.collection, key: "never")) == nil)
    }

    @Test func stampsStayMonotonicWhenTheWallClockStepsBack() throws {
        try auto.write(record, fields: ["name": .string("a")], mode: .create, author: "sec")
        let before = try auto.lastIssuedStamp()
        replicas.clock.advance(by: -3_600_000)
        let changes = try auto.write(record, fields: ["name": .string("b")], mode: .update, author: "sec")
        #expect(changes[0].hlc > before)
        #expect(try auto.record(record)?.fields["name"] == .string("b"))
    }

    @Test func twoConnectionsWritingOneFileNeverReuseStampsOrSeqs() async throws {
        let second = try replicas.reopen(auto)
        try await withThrowingTaskGroup(of: [Change].self) { group in
            for (index, store) in [auto, second].enumerated() {
                group.addTask {
                    var written: [Change] = []
                    for step in 0..<40 {
                        let id = RecordID.graduate("w\(index)-\(step)", in: "AUTO")
                        written += try store.write(id, fields: ["name": .string("n\(step)")], mode: .create, author: "p\(index)")
                    }
                    return written
                }
            }
            var all: [Change] = []
            for try await written in group { all += written }
            #expect(Set(all.map(\.hlc)).count == 80)
            #expect(Set(all.map(\.id.seq)) == Set(1...80))
            let bySeq = all.sorted { $0.id.seq < $1.id.seq }
            #expect(bySeq.map(\.hlc) == bySeq.map(\.hlc).sorted())
        }
        #expect(try auto.maintenance.verify().isHealthy)
    }
}
