import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// A snapshot that is wrong anywhere, or a replica that already holds changes of its scope, loads nothing.
@Suite struct SnapshotLoadRefusalTests {
    let replicas: TestReplicas
    let source: ReplicaStore
    let changes: [Change]

    init() throws {
        replicas = try TestReplicas()
        source = try replicas.department("source", "AUTO")
        for key in 1...30 {
            try source.write(.graduate(String(key), in: "AUTO"), fields: ["name": .string("n\(key)"), "phone": .string("1\(key)")],
                             mode: .create, author: "s")
        }
        try source.write(.graduate("1", in: "AUTO"), fields: ["name": .string("renamed")], mode: .update, author: "s")
        _ = try source.delete(.graduate("2", in: "AUTO"), author: "s")
        changes = try source.allChanges()
    }

    var plan: SnapshotPlan { SnapshotLoadTesting.plan(changes, scope: .department(try! Scope.department("AUTO"))) }

    /// Loads into a fresh replica and checks it is left exactly as it was made (schema included), returning the error.
    func refusal(_ plan: SnapshotPlan, _ entries: [SnapshotLoadEntry], validator: any ChangeValidator = AcceptAllValidator()) throws -> StoreError? {
        let target = try replicas.make("target-\(UUID().uuidString)", scope: .department(try Scope.department("AUTO")), validator: validator)
        let before = try SnapshotLoadTesting.tables(target)
        var caught: StoreError?
        do {
            try target.loadSnapshot(plan, from: SnapshotEntryArray(entries, chunkSize: 7))
        } catch let error as StoreError {
            caught = error
        }
        #expect(try SnapshotLoadTesting.tables(target) == before, "a refused snapshot changed the replica")
        #expect(try target.changeCount() == 0)
        // The replica is fit to load the right snapshot afterwards (one its validator accepts).
        guard validator is AcceptAllValidator else { return caught }
        try target.loadSnapshot(self.plan, from: SnapshotEntryArray(SnapshotLoadTesting.entries(changes)))
        #expect(try target.allChanges() == changes)
        return caught
    }

    @Test func aChangeWhoseHashDiffersIsRefusedByItsID() throws {
        var entries = SnapshotLoadTesting.entries(changes)
        entries[20].change.value = .string("tampered")
        let error = try refusal(plan, entries)
        #expect(error == .snapshotChange(changes[20].id, reason: .hashMismatch(changes[20].id)))
        #expect(error?.description.contains(changes[20].id.description) == true)
    }

    @Test func aGapInAStreamIsRefused() throws {
        var entries = SnapshotLoadTesting.entries(changes)
        entries.remove(at: 10)
        guard case .snapshotRefused(let reason)? = try refusal(plan, entries) else { Issue.record("not refused as a snapshot"); return }
        #expect(reason.contains(changes[10].id.stream.description) && reason.contains("gap"))
    }

    @Test func aStreamEndingBeforeItsTipIsRefused() throws {
        guard case .snapshotRefused(let reason)? = try refusal(plan, SnapshotLoadTesting.entries(Array(changes.dropLast()))) else {
            Issue.record("not refused as a snapshot"); return
        }
        #expect(reason.contains("ends at seq \(changes.count - 1)"))
    }

    @Test func aTipHashThatIsNotTheLastChangesIsRefused() throws {
        var plan = plan
        plan.tips[0].hash = changes[0].contentHash
        guard case .snapshotRefused(let reason)? = try refusal(plan, SnapshotLoadTesting.entries(changes)) else {
            Issue.record("not refused as a snapshot"); return
        }
        #expect(reason.contains("tip hash"))
    }

    @Test func aChangeTheValidatorRefusesIsRefusedByItsID() throws {
        let error = try refusal(plan, SnapshotLoadTesting.entries(changes), validator: RefusingValidator(refusedValue: .string("n17")))
        guard case .snapshotChange(let id, reason: .invalid)? = error else { Issue.record("not refused by validation: \(String(describing: error))"); return }
        #expect(changes.first { $0.id == id }?.value == .string("n17"))
        #expect(error?.code == "validation_failed")
    }

    @Test func aStreamOutsideTheScopeIsRefused() throws {
        var plan = plan
        plan.tips.append(.init(stream: StreamKey(origin: .random(), scope: try Scope.department("CS")), seq: 1, hash: changes[0].contentHash))
        #expect(try refusal(plan, SnapshotLoadTesting.entries(changes)) == .outOfScope(scope: try Scope.department("CS"), allowed: plan.scope))
    }

    /// A record with more fields than a received record may hold is refused as `apply` refuses it, by the same error
    /// naming the first field past the limit, and nothing is loaded; with that field left out, it loads.
    @Test func aRecordWithMoreFieldsThanAReceivedRecordMayHoldIsRefusedAsApplyRefusesIt() throws {
        let origin = ReplicaID.random()
        let limit = RecordLimits.maximumReceivedFields
        let department = try Scope.department("AUTO")
        var fields: [Change] = []
        for index in 1...(limit + 1) {
            // Names that sort as their numbers do (f000001, f000002, …), so log order and name order agree.
            let name = "f" + String(String(1_000_000 + index).dropFirst())
            let id = ChangeID(origin: origin, scope: department, seq: UInt64(index))
            let stamp = HLCTimestamp(milliseconds: 1_700_000_000_000, counter: UInt16(index))
            fields.append(Change(id: id, hlc: stamp, collection: "graduate", key: "2020001", field: name, value: .integer(1), author: "peer"))
        }
        let scope = ReplicaScope.department(try Scope.department("AUTO"))
        let error = try refusal(SnapshotLoadTesting.plan(fields, scope: scope), SnapshotLoadTesting.entries(fields))
        let applied = try replicas.department("applied", "AUTO")
        var applyError: StoreError?
        do { try applied.apply(fields) } catch let caught as StoreError { applyError = caught }
        #expect(error != nil)
        #expect(error == applyError, "load: \(String(describing: error)); apply: \(String(describing: applyError))")
        #expect(error?.code == "validation_failed")
        let allowed = Array(fields.dropLast())
        let target = try replicas.department("allowed", "AUTO")
        try target.loadSnapshot(SnapshotLoadTesting.plan(allowed, scope: scope), from: SnapshotEntryArray(SnapshotLoadTesting.entries(allowed)))
        #expect(try target.changeCount() == limit)
    }

    @Test func aReaderFailingMidwayLeavesTheReplicaEmpty() throws {
        let target = try replicas.department("target", "AUTO")
        let before = try SnapshotLoadTesting.tables(target)
        #expect(throws: FailingSource.Cut.self) {
            try target.loadSnapshot(plan, from: FailingSource(inner: SnapshotEntryArray(SnapshotLoadTesting.entries(changes), chunkSize: 5),
                                                              chunksBeforeFailure: 3))
        }
        #expect(try SnapshotLoadTesting.tables(target) == before)
        // Restarting loads the whole snapshot.
        let result = try target.loadSnapshot(plan, from: SnapshotEntryArray(SnapshotLoadTesting.entries(changes), chunkSize: 5))
        #expect(result.loaded == changes.count)
        #expect(try target.maintenance.materializedState() == source.maintenance.materializedState())
        #expect(try target.versionVector() == source.versionVector())
    }

    @Test func aReplicaHoldingAChangeOfTheScopeIsRefusedAndKeepsIt() throws {
        let target = try replicas.department("target", "AUTO")
        try target.write(.graduate("900", in: "AUTO"), fields: ["name": .string("local")], mode: .create, author: "s")
        #expect(try !target.holdsNoChanges(of: plan.scope))
        let before = try SnapshotLoadTesting.tables(target)
        #expect {
            try target.loadSnapshot(plan, from: SnapshotEntryArray(SnapshotLoadTesting.entries(changes)))
        } throws: { error in
            guard case StoreError.snapshotRefused(let reason) = error else { return false }
            return reason.contains("already holds changes of scope 'AUTO'")
        }
        #expect(try SnapshotLoadTesting.tables(target) == before)
    }

    @Test func theSchemaAfterALoadIsTheSchemaOfANewReplica() throws {
        let target = try replicas.department("target", "AUTO")
        let fresh = try replicas.department("fresh", "AUTO")
        #expect(try target.holdsNoChanges(of: plan.scope))
        try target.loadSnapshot(plan, from: SnapshotEntryArray(SnapshotLoadTesting.entries(changes)))
        #expect(try SnapshotLoadTesting.tables(target)["schema"] == SnapshotLoadTesting.tables(fresh)["schema"])
        #expect(try target.conflicts() == source.conflicts())
        #expect(try target.maintenance.verify().isHealthy)
    }
}

/// Refuses any change setting one value, as a schema refuses a bad field.
struct RefusingValidator: ChangeValidator {
    let refusedValue: FieldValue

    func validate(_ change: Change) throws(ValidationError) {
        if change.value == refusedValue { throw ValidationError(field: change.field, value: "\(change.value)", allowed: "anything else") }
    }
}
