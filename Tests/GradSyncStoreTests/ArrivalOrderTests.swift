import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// Cases where Swift's and SQLite's ideas of equality or order could make replicas disagree.
@Suite struct ArrivalOrderTests {
    let replicas: TestReplicas
    let first: ReplicaStore
    let second: ReplicaStore
    let record = RecordID.graduate("2020001", in: "AUTO")

    init() throws {
        replicas = try TestReplicas()
        first = try replicas.department("first", "AUTO")
        second = try replicas.department("second", "AUTO")
    }

    func change(_ origin: ReplicaID, field: String, value: FieldValue, bases: [ChangeID] = []) -> Change {
        Change(id: ChangeID(origin: origin, scope: record.scope, seq: 1), hlc: HLCTimestamp(milliseconds: 1_000),
               collection: record.collection, key: record.key, field: field, value: value, bases: bases, author: "t")
    }

    @Test func baseNamingAChangeOfAnotherFieldDoesNotSupersedeItWhateverTheOrder() throws {
        let named = change(ReplicaID(hex: "000000000000000000000000000000a1")!, field: "name", value: .string("a"))
        let naming = change(ReplicaID(hex: "000000000000000000000000000000b2")!, field: "phone", value: .string("1"), bases: [named.id])
        try first.apply([naming])
        try first.apply([named])
        try second.apply([named, naming])
        let reference = MergedState(changes: [named, naming])
        #expect(try first.maintenance.materializedState() == reference)
        #expect(try second.maintenance.materializedState() == reference)
        #expect(try first.record(record)?.fields["name"] == .string("a"))
        #expect(try first.maintenance.verify().isHealthy)
        // Each history holds both changes: the base into the other field leads nowhere, and loses nothing.
        for store in [first, second] {
            #expect(Set(try store.history(record).map(\.change.id)) == [named.id, naming.id])
            #expect(try store.history(record, field: "name").map(\.change.id) == [named.id])
            #expect(try store.history(record, field: "phone").map(\.change.id) == [naming.id])
        }
    }

    @Test func baseNamingAChangeOfAnotherScopeDoesNotSupersedeItWhateverTheOrder() throws {
        // Same collection, key and field, but another scope: another record, so the base supersedes nothing.
        let named = change(ReplicaID(hex: "000000000000000000000000000000a1")!, field: "name", value: .string("a"))
        let naming = Change(id: ChangeID(origin: ReplicaID(hex: "000000000000000000000000000000b2")!, scope: try Scope.department("CS"), seq: 1),
                            hlc: HLCTimestamp(milliseconds: 2_000), collection: record.collection, key: record.key, field: "name",
                            value: .string("b"), bases: [named.id], author: "t")
        let late = try replicas.make("central-late", scope: .central)
        let early = try replicas.make("central-early", scope: .central)
        try late.apply([naming])
        try late.apply([named])
        try early.apply([named, naming])
        let reference = MergedState(changes: [named, naming])
        #expect(try late.maintenance.materializedState() == reference)
        #expect(try early.maintenance.materializedState() == reference)
        #expect(try late.record(record)?.fields["name"] == .string("a"))
        #expect(try late.maintenance.verify().isHealthy)
    }

    @Test func canonicallyEquivalentStringsAreDifferentValues() throws {
        let composed = FieldValue.string("\u{E9}")
        let decomposed = FieldValue.string("e\u{301}")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
        try first.write(record, fields: ["name": composed], mode: .create, author: "t")
        #expect(try first.write(record, fields: ["name": decomposed], mode: .update, author: "t").count == 1,
                "a write of different bytes is not a no-op")
        try second.apply(try first.allChanges().filter { $0.id.seq == 1 })
        try ReplicaExchange.sync(first, second)
        try second.write(record, fields: ["name": composed], mode: .update, author: "t")
        try first.write(record, fields: ["name": .string("x")], mode: .update, author: "t")
        try first.write(record, fields: ["name": decomposed], mode: .update, author: "t")
        try ReplicaExchange.sync(first, second)
        #expect(try first.conflicts().count == 1, "concurrent heads with different bytes are a conflict")
        #expect(try first.maintenance.materializedState() == MergedState(changes: try first.allChanges()))
    }

    @Test func identifiersOutsideNFCAreRefused() throws {
        let decomposedKey = RecordID(scope: record.scope, collection: "graduate", key: "e\u{301}")
        #expect(throws: StoreError.self) { try first.write(decomposedKey, fields: ["name": .string("x")], mode: .create, author: "t") }
        let remote = change(ReplicaID(hex: "000000000000000000000000000000c3")!, field: "e\u{301}", value: .string("x"))
        #expect(throws: StoreError.self) { try first.apply([remote]) }
        #expect(try first.changeCount() == 0)
    }
}
