import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import PropertyBased
import Testing

/// Loading a snapshot in bulk leaves exactly what applying its changes one by one, in the same order, leaves.
@Suite struct SnapshotLoadTests {
    /// How many random histories to compare: 100 by default, more with `GRADSYNC_SCHEDULES`.
    static let historyCount = ProcessInfo.processInfo.environment["GRADSYNC_SCHEDULES"].flatMap(Int.init) ?? 100

    @Test func loadingEqualsApplyingOneByOneOverRandomHistories() async {
        await propertyCheck(count: Self.historyCount, input: Gen.uint64()) { seed in
            do {
                try Self.compareLoadWithApply(seed: seed)
            } catch {
                Issue.record("history \(seed) failed: \(error)")
            }
        }
    }

    /// A random history of concurrent edits, deletes and restores on four replicas, delivered in a random
    /// interleaving of its streams, some streams cut short (so bases name changes not in the snapshot, or later in it).
    static func compareLoadWithApply(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let history = try RandomHistory.make(&random)
        var order: [Change] = []
        var rest: [Change] = []
        var streams = Dictionary(grouping: history, by: \.id.stream).mapValues { $0.sorted { $0.id.seq < $1.id.seq } }
        for (key, changes) in streams where Int.random(in: 0..<4, using: &random) == 0 {
            let kept = Int.random(in: 0...changes.count, using: &random)
            streams[key] = Array(changes.prefix(kept))
            rest += changes.dropFirst(kept)
        }
        var cursors = streams.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { $0.value[...] }
        while !cursors.isEmpty {
            let pick = Int.random(in: 0..<cursors.count, using: &random)
            order.append(cursors[pick].removeFirst())
            if cursors[pick].isEmpty { cursors.remove(at: pick) }
        }
        let replicas = try TestReplicas()
        let applied = try replicas.make("applied", scope: .central)
        let loaded = try replicas.make("loaded", scope: .central)
        for change in order { try applied.apply([change]) }
        let chunk = Int.random(in: 1...7, using: &random)
        let result = try loaded.loadSnapshot(SnapshotLoadTesting.plan(order), from: SnapshotEntryArray(SnapshotLoadTesting.entries(order), chunkSize: chunk))
        #expect(result.loaded == order.count)
        try expectSame(applied, loaded, "history \(seed)")
        let conflictedRows = try SnapshotLoadTesting.tables(applied)["gs_field"]!.filter { $0.split(separator: "|")[7] == "1" }
        #expect(result.conflictedFields == conflictedRows.count, "history \(seed): conflicted fields")
        // Ordinary pulls continue from the snapshot's vector.
        rest.sort { $0.id < $1.id }
        for change in rest {
            try applied.apply([change])
            try loaded.apply([change])
        }
        try expectSame(applied, loaded, "history \(seed) after later pulls")
    }

    static func expectSame(_ applied: ReplicaStore, _ loaded: ReplicaStore, _ label: String, verify: Bool = true) throws {
        let want = try SnapshotLoadTesting.tables(applied)
        let got = try SnapshotLoadTesting.tables(loaded)
        for table in want.keys.sorted() {
            #expect(got[table] == want[table], "\(label): \(table) differs")
        }
        #expect(try loaded.versionVector() == applied.versionVector(), "\(label): vectors differ")
        #expect(try loaded.conflicts() == applied.conflicts(), "\(label): conflict journals differ")
        #expect(try loaded.allChanges() == applied.allChanges(), "\(label): logs differ")
        // The reference model behind these two assumes honest histories (no change names itself).
        guard verify else { return }
        #expect(try loaded.maintenance.materializedState() == applied.maintenance.materializedState(), "\(label): states differ")
        #expect(try loaded.maintenance.verify().isHealthy, "\(label): verify failed")
    }

    /// Bases no honest writer produces: a base of another field that arrives after the change naming it, a change
    /// naming itself, a base never sent. `apply` keeps the first and last pending; the load must do the same.
    @Test func oddBasesEndAsApplyingLeavesThem() throws {
        let a = ReplicaID.random()
        let b = ReplicaID.random()
        let auto = try Scope.department("AUTO")
        func id(_ origin: ReplicaID, _ seq: UInt64) -> ChangeID { ChangeID(origin: origin, scope: auto, seq: seq) }
        func change(_ origin: ReplicaID, _ seq: UInt64, _ field: String, _ value: String, bases: [ChangeID]) -> Change {
            Change(id: id(origin, seq), hlc: HLCTimestamp(milliseconds: 1_000 + seq), collection: "graduate", key: "1", field: field,
                   value: .string(value), bases: bases, author: "s")
        }
        let order = [
            change(a, 1, "phone", "1", bases: [id(b, 1)]),          // b/1 is another field and comes later
            change(b, 1, "name", "x", bases: []),
            change(a, 2, "phone", "2", bases: [id(a, 2), id(a, 1)]), // names itself
            change(a, 3, "name", "y", bases: [id(b, 9)]),            // b/9 is never sent
            change(b, 2, "name", "z", bases: [id(a, 4)]),            // a/4 comes later, same field: superseded on arrival
            change(a, 4, "name", "w", bases: [id(b, 1)]),
        ]
        let replicas = try TestReplicas()
        let applied = try replicas.make("applied", scope: .central)
        let loaded = try replicas.make("loaded", scope: .central)
        for item in order { try applied.apply([item]) }
        try loaded.loadSnapshot(SnapshotLoadTesting.plan(order), from: SnapshotEntryArray(SnapshotLoadTesting.entries(order), chunkSize: 2))
        #expect(try SnapshotLoadTesting.tables(applied)["gs_pending_base"]?.count == 2)
        try Self.expectSame(applied, loaded, "odd bases", verify: false)
    }
}

/// Random histories for the loader's tests: offline edits, deletes, restores and partial exchanges.
enum RandomHistory {
    /// Every change written, as the central replica holds them after a full exchange.
    static func make(_ random: inout SplitMix64) throws -> [Change] {
        let replicas = try TestReplicas()
        let clocks = (0..<4).map { _ in ManualClock() }
        var stores = try (0..<3).map { try replicas.department("d\($0)", "AUTO", clock: clocks[$0]) }
        stores.append(try replicas.make("central", scope: .central, clock: clocks[3]))
        let keys = ["1", "2", "3", "4"]
        let fields = ["name", "phone", "grad_year"]
        let values: [FieldValue] = [.string("a"), .string("b"), .integer(1), .null, .string("\u{E9}"), .string("e\u{301}")]
        for _ in 0..<Int.random(in: 5...40, using: &random) {
            let store = stores.randomElement(using: &random)!
            let record = RecordID.graduate(keys.randomElement(using: &random)!, in: "AUTO")
            clocks.randomElement(using: &random)!.advance(by: Int64.random(in: -5_000...20_000, using: &random))
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5:
                let edit = [fields.randomElement(using: &random)!: values.randomElement(using: &random)!]
                do { try store.write(record, fields: edit, mode: .upsert, author: "s") } catch StoreError.recordDeleted {}
            case 5:
                do { try store.delete(record, author: "s") } catch StoreError.recordDeleted, StoreError.recordNotFound {}
            case 6:
                do { try store.restore(record, author: "s") } catch StoreError.recordNotDeleted, StoreError.recordNotFound {}
            default:
                let target = stores.randomElement(using: &random)!
                guard target !== store else { continue }
                try ReplicaExchange.send(from: store, to: target, pageSize: Int.random(in: 1...6, using: &random), maxPages: 1)
            }
        }
        try ReplicaExchange.syncUntilQuiet(stores)
        return try stores[3].allChanges()
    }
}
