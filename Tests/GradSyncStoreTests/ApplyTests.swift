import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

@Suite struct ApplyTests {
    let replicas: TestReplicas
    let left: ReplicaStore
    let right: ReplicaStore
    let record = RecordID.graduate("2020001", in: "AUTO")

    init() throws {
        replicas = try TestReplicas()
        left = try replicas.department("left", "AUTO")
        right = try replicas.department("right", "AUTO")
    }

    @Test func applyingThePageTwiceChangesNothing() throws {
        let changes = try left.write(record, fields: ["name": .string("a"), "gender": .string("1")], mode: .create, author: "s")
        #expect(try right.apply(changes).applied == 2)
        let before = try right.maintenance.materializedState()
        let again = try right.apply(changes)
        #expect(again.applied == 0 && again.duplicates == 2)
        #expect(try right.maintenance.materializedState() == before)
        #expect(try right.changeCount() == 2)
    }

    @Test func pageWithAnInvalidChangeAppliesNothing() throws {
        var changes = try left.write(record, fields: ["name": .string("a"), "gender": .string("1")], mode: .create, author: "s")
        let strict = try replicas.make("strict", scope: left.scope, validator: RefuseValue(.string("bad")))
        changes[1].value = .string("bad")
        #expect(throws: StoreError.self) { try strict.apply(changes) }
        #expect(try strict.changeCount() == 0)
        #expect(try strict.versionVector() == VersionVector())
    }

    @Test func forkedStreamIsRefusedAsReplicaForkAndAppliesNothing() throws {
        let original = try left.write(record, fields: ["name": .string("a")], mode: .create, author: "s")
        try right.apply(original)
        var forged = original[0]
        forged.value = .string("other")
        let fresh = try left.write(RecordID.graduate("2", in: "AUTO"), fields: ["name": .string("b")], mode: .create, author: "s")
        #expect(throws: StoreError.replicaFork(forged.id)) { try right.apply(fresh + [forged]) }
        #expect(try right.changeCount() == 1)
        #expect(StoreError.replicaFork(forged.id).description.contains(left.replicaID.hex))
    }

    @Test func valueTooDeepToReadBackIsRefusedAndNeverStored() throws {
        var deep = FieldValue.integer(1)
        for _ in 0..<(FieldValue.maximumDepth + 1) { deep = .list([deep]) }
        var changes = try left.write(record, fields: ["name": .string("a")], mode: .create, author: "s")
        changes[0].value = deep
        #expect(throws: StoreError.self) { try right.apply(changes) }
        #expect(try right.changeCount() == 0)
        #expect(throws: StoreError.self) { try left.write(record, fields: ["x_future": deep], mode: .update, author: "s") }
        #expect(try left.maintenance.verify().isHealthy)
    }

    @Test func changesOutsideTheReplicaScopeAreRefused() throws {
        let cs = try replicas.department("cs", "CS")
        let changes = try cs.write(RecordID.graduate("1", in: "CS"), fields: ["name": .string("x")], mode: .create, author: "s")
        #expect(throws: StoreError.outOfScope(scope: changes[0].id.scope, allowed: left.scope)) { try left.apply(changes) }
        #expect(try left.changeCount() == 0)
    }

    @Test func changeBeyondAGapIsDroppedAndTheVectorNeverPassesIt() throws {
        let changes = try left.write(record, fields: ["a": .integer(1), "b": .integer(2), "c": .integer(3)], mode: .create, author: "s")
        let result = try right.apply([changes[0], changes[2]])
        #expect(result.applied == 1 && result.dropped == 1)
        let stream = StreamKey(origin: left.replicaID, scope: record.scope)
        #expect(try right.versionVector()[stream] == 1)
        try ReplicaExchange.send(from: left, to: right)
        #expect(try right.versionVector()[stream] == 3)
        #expect(try right.maintenance.verify().isHealthy)
    }

    @Test func concurrentEditsToSameFieldAreJournaledAndResolvedByAWrite() throws {
        try left.write(record, fields: ["name": .string("base")], mode: .create, author: "s")
        try ReplicaExchange.sync(left, right)
        replicas.clock.advance(by: 1000)
        try left.write(record, fields: ["name": .string("left")], mode: .update, author: "l")
        try right.write(record, fields: ["name": .string("right")], mode: .update, author: "r")
        try ReplicaExchange.sync(left, right)
        for store in [left, right] {
            let journal = try store.conflicts()
            #expect(journal.count == 1)
            guard case .field(_, "name", let heads) = journal.first else { Issue.record("no field conflict"); continue }
            #expect(Set(heads.map(\.value)) == [.string("left"), .string("right")])
            #expect(try store.record(record)?.fields["name"] == heads[0].value)
            #expect(try store.record(record)?.conflictedFields == ["name"])
        }
        let shown = try left.record(record)!.fields["name"]!
        let resolution = try left.write(record, fields: ["name": shown], mode: .update, author: "office")
        #expect(resolution.count == 1 && resolution[0].bases.count == 2)
        try ReplicaExchange.sync(left, right)
        #expect(try left.conflicts().isEmpty)
        #expect(try right.conflicts().isEmpty)
    }

    @Test func deletionConcurrentWithAnEditIsListedForReviewEverywhere() throws {
        try left.write(record, fields: ["name": .string("a")], mode: .create, author: "s")
        try ReplicaExchange.sync(left, right)
        try left.delete(record, author: "l")
        try right.write(record, fields: ["phone": .string("13800000000")], mode: .update, author: "r")
        try ReplicaExchange.sync(left, right)
        for store in [left, right] {
            #expect(try store.conflicts() == [.deletedWhileEdited(record: record, unseenFields: ["phone"])])
            #expect(try store.record(record)?.isDeleted == true)
        }
    }

    @Test func farFutureStampIsAcceptedFlaggedAndDoesNotDragTheClock() throws {
        let ahead = ManualClock(start: replicas.clock.now() + 8 * 3_600_000)
        let dualBoot = try replicas.department("dualboot", "AUTO", clock: ahead)
        let changes = try dualBoot.write(record, fields: ["name": .string("x")], mode: .create, author: "s")
        let result = try left.apply(changes)
        #expect(result.applied == 1)
        #expect(result.clockSuspects.map(\.origin) == [dualBoot.replicaID])
        #expect(try left.clockSuspects().first?.aheadMilliseconds == 8 * 3_600_000)
        let local = try left.write(record, fields: ["name": .string("y")], mode: .update, author: "s")
        #expect(local[0].hlc.milliseconds <= replicas.clock.now() + left.clockRule.maxDriftMilliseconds + 1)
        #expect(local[0].bases == [changes[0].id])
        #expect(try left.record(record)?.fields["name"] == .string("y"))
    }

    @Test func unknownFieldsAreStoredAndHandedOnUntouched() throws {
        let newer: FieldValue = .object(["nested": .list([.integer(1), .string("二")])])
        let changes = try left.write(record, fields: ["field_from_2030": newer], mode: .create, author: "s")
        try right.apply(changes)
        let relay = try replicas.department("relay", "AUTO")
        try ReplicaExchange.send(from: right, to: relay)
        #expect(try relay.record(record)?.fields["field_from_2030"] == newer)
        #expect(try relay.allChanges().first?.contentHash == changes[0].contentHash)
    }

    @Test func interruptedPullNeverShowsAPhantomConflict() throws {
        for step in 0..<30 {
            try left.write(record, fields: ["name": .string("v\(step)")], mode: step == 0 ? .create : .update, author: "s")
        }
        for _ in 0..<30 {
            try ReplicaExchange.send(from: left, to: right, pageSize: 1, maxPages: 1)
            #expect(try right.conflicts().isEmpty)
            #expect(try right.heads(record, field: "name").count == 1)
        }
        #expect(try right.record(record)?.fields["name"] == .string("v29"))
    }

    @Test func missingChangesStartAtTheFirstMissingOneInStorageOrder() throws {
        let cs = try replicas.make("central", scope: .central)
        let csRecord = RecordID.graduate("c1", in: "CS")
        for step in 0..<10 {
            try cs.write(record, fields: ["n": .integer(Int64(step))], mode: .upsert, author: "s")
            try cs.write(csRecord, fields: ["n": .integer(Int64(step))], mode: .upsert, author: "s")
        }
        let stream = StreamKey(origin: cs.replicaID, scope: record.scope)
        let batch = try cs.changes(missingFrom: VersionVector([stream: 7]), filter: left.scope, limit: 100)
        #expect(batch.changes.map(\.id.seq) == [8, 9, 10])
        #expect(batch.changes.allSatisfy { $0.id.scope == record.scope })
        let paged = try cs.changes(missingFrom: VersionVector(), filter: .central, limit: 4)
        #expect(paged.changes.count == 4 && paged.hasMore)
        #expect(paged.changes.map(\.key) == [record.key, csRecord.key, record.key, csRecord.key])
    }
}

/// Refuses one value, to make a page fail validation part-way.
struct RefuseValue: ChangeValidator {
    let refused: FieldValue
    init(_ refused: FieldValue) { self.refused = refused }
    func validate(_ change: Change) throws(ValidationError) {
        if change.value == refused { throw ValidationError(field: change.field, value: change.value.displayText, allowed: "not that") }
    }
}
