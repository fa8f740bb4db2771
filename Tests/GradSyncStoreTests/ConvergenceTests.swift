import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import PropertyBased
import Testing

/// Random schedules of offline edits and partial, repeated, reordered exchanges between replicas.
/// After a final full exchange every replica must show the same state and journal, equal to what the
/// reference model (`MergedState(changes:)`) computes from the set of changes alone.
@Suite struct ConvergenceTests {
    /// How many schedules to run: 1,000 by default, more with `GRADSYNC_SCHEDULES`.
    static let scheduleCount = ProcessInfo.processInfo.environment["GRADSYNC_SCHEDULES"].flatMap(Int.init) ?? 1000

    @Test func randomSchedulesConvergeToTheReferenceModel() async {
        await propertyCheck(count: Self.scheduleCount, input: Gen.uint64()) { seed in
            do {
                var schedule = Schedule(seed: seed)
                try schedule.run()
            } catch {
                Issue.record("schedule \(seed) failed: \(error)")
            }
        }
    }
}

/// One random schedule, replayable from its seed.
struct Schedule {
    var random: SplitMix64
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        random = SplitMix64(seed: seed)
    }

    mutating func run() throws {
        let replicas = try TestReplicas()
        let clocks = (0..<4).map { _ in ManualClock() }
        var stores = try (0..<3).map { try replicas.department("d\($0)", "AUTO", clock: clocks[$0]) }
        stores.append(try replicas.make("central", scope: .central, clock: clocks[3]))
        let keys = ["1", "2", "3"]
        let fields = ["name", "phone"]
        // `é` composed and decomposed: one value to Swift's `String ==`, two to the merge rule (canonical bytes).
        let values: [FieldValue] = [.string("a"), .string("b"), .integer(1), .null, .string("\u{E9}"), .string("e\u{301}")]
        var delivered: [[Change]] = []
        for _ in 0..<Int.random(in: 10...40, using: &random) {
            let store = stores.randomElement(using: &random)!
            let record = RecordID.graduate(keys.randomElement(using: &random)!, in: "AUTO")
            clocks.randomElement(using: &random)!.advance(by: Int64.random(in: -5_000...20_000, using: &random))
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4:
                let edit = [fields.randomElement(using: &random)!: values.randomElement(using: &random)!]
                do { try store.write(record, fields: edit, mode: .upsert, author: "s") } catch StoreError.recordDeleted {}
            case 4:
                do { try store.delete(record, author: "s") } catch StoreError.recordDeleted, StoreError.recordNotFound {}
            case 5:
                do { try store.restore(record, author: "s") } catch StoreError.recordNotDeleted, StoreError.recordNotFound {}
            case 6..<9:
                let target = stores.randomElement(using: &random)!
                guard target !== store else { continue }
                let filter = store.scope.intersection(target.scope)
                let batch = try store.changes(missingFrom: target.versionVector(filter: filter), filter: filter,
                                              limit: Int.random(in: 1...6, using: &random))
                try target.apply(batch.changes)
                delivered.append(batch.changes)
            default:
                // A duplicate, stale or reordered delivery of an earlier page.
                guard var page = delivered.randomElement(using: &random) else { continue }
                page.shuffle(using: &random)
                try stores.randomElement(using: &random)!.apply(page)
            }
        }
        try ReplicaExchange.syncUntilQuiet(stores, pageSize: Int.random(in: 1...8, using: &random))
        let reference = MergedState(changes: try stores[3].allChanges())
        for store in stores {
            let state = try store.maintenance.materializedState()
            #expect(state == reference, "seed \(seed): replica state differs from the reference model")
            #expect(try store.conflicts() == stores[0].conflicts(), "seed \(seed): journals differ")
            #expect(try store.versionVector() == stores[0].versionVector(), "seed \(seed): vectors differ")
            #expect(try store.maintenance.verify().isHealthy, "seed \(seed): verify failed")
            // Every record's history (found through heads and bases) is exactly its changes in the log, in storage order.
            let log = try store.allChanges()
            for record in Set(log.map(\.record)) {
                let expected = log.filter { $0.record == record }.map(\.id)
                #expect(try store.history(record).map(\.change.id) == expected, "seed \(seed): history of \(record) differs from the log")
                let field = log.first { $0.record == record }!.field
                #expect(try store.history(record, field: field).map(\.change.id) == expected.filter { id in
                    log.contains { $0.id == id && $0.field == field }
                }, "seed \(seed): history of \(record) \(field) differs from the log")
                // Read together (as a record page reads them), the record and its history are what each read alone gives.
                let together = try store.recordWithHistory(record)
                #expect(together?.record == (try store.record(record)), "seed \(seed): \(record) read with its history differs")
                #expect(together?.history == (try store.history(record)), "seed \(seed): history of \(record) read with it differs")
            }
        }
    }
}
