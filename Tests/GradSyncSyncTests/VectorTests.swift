import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Testing

/// The test vectors of `protocol/vectors/`, applied to real SQLite replicas in many orders.
@Suite struct VectorTests {
    static let files: [String] = (try? ProtocolFolder.jsonFiles(in: "vectors").map(\.lastPathComponent)) ?? []

    static func load(_ file: String) throws -> ProtocolVector {
        try JSONDecoder().decode(ProtocolVector.self, from: Data(contentsOf: ProtocolFolder.file("vectors/\(file)")))
    }

    @Test func everyCaseTheSpecPromisesHasAVector() throws {
        let names = Set(try Self.files.map { try Self.load($0).name })
        let promised: Set = [
            "sequential-edits", "concurrent-edits", "equal-stamp-tie", "resolution-closes-conflict", "delete-and-restore",
            "delete-while-edited", "unknown-field", "gap", "duplicate", "unicode-normalisation", "base-of-another-field",
            "clear-a-field", "seen-on-a-field-change",
        ]
        #expect(promised.isSubset(of: names), "missing: \(promised.subtracting(names).sorted())")
    }

    @Test(arguments: files) func hashesInTheVectorMatchTheCode(file: String) throws {
        let vector = try Self.load(file)
        for wire in vector.changes {
            let change = try wire.change()
            #expect(change.contentHash == wire.hash)
            #expect(WireChange(change).hash == wire.hash)
            var tampered = wire
            tampered.author += "!"
            #expect(throws: WireFormatError.self) { try tampered.change() }
        }
    }

    @Test(arguments: files) func theReferenceModelProducesTheExpectedState(file: String) throws {
        let vector = try Self.load(file)
        let held = Self.gapFreePrefix(try vector.changes.map { try $0.change() })
        #expect(MergedState(changes: held).lines == vector.expected.state)
    }

    @Test(arguments: files) func storageOrderInOnePageGivesTheExpectedStateAndCounts(file: String) throws {
        let vector = try Self.load(file)
        let changes = try vector.changes.map { try $0.change() }
        let replicas = try TestReplicas()
        let store = try replicas.make("one-page", scope: try ReplicaScope(parsing: vector.replicaScope))
        let result = try store.apply(changes)
        #expect(ProtocolVector.Counts(applied: result.applied, duplicates: result.duplicates, dropped: result.dropped) == vector.expected.apply)
        try Self.expectOutcome(of: store, vector)
    }

    @Test(arguments: files) func everyOrderAndPagingConverges(file: String) throws {
        let vector = try Self.load(file)
        let changes = try vector.changes.map { try $0.change() }
        let replicas = try TestReplicas()
        let scope = try ReplicaScope(parsing: vector.replicaScope)
        var schedules: [(label: String, pages: [[Change]])] = [
            ("storage order, one change a page", changes.map { [$0] }),
            ("reverse order, one change a page", changes.reversed().map { [$0] }),
            ("reverse order, one page", [changes.reversed()]),
        ]
        for seed in UInt64(1)...6 {
            var generator = SplitMix64(seed: seed)
            let shuffled = changes.shuffled(using: &generator)
            var pages: [[Change]] = []
            var index = 0
            while index < shuffled.count {
                let size = Int.random(in: 1...4, using: &generator)
                pages.append(Array(shuffled[index..<min(index + size, shuffled.count)]))
                index += size
            }
            schedules.append(("shuffled, seed \(seed)", pages.shuffled(using: &generator)))
        }
        for (number, schedule) in schedules.enumerated() {
            let store = try replicas.make("schedule-\(number)", scope: scope)
            try Self.applyUntilQuiet(schedule.pages, to: store)
            try Self.expectOutcome(of: store, vector, schedule: schedule.label)
        }
    }

    /// Applies every page in turn, again and again, until a whole round applies nothing (as repeated syncs would).
    static func applyUntilQuiet(_ pages: [[Change]], to store: ReplicaStore) throws {
        var applied = 1
        while applied > 0 {
            applied = 0
            for page in pages { applied += try store.apply(page).applied }
        }
    }

    static func expectOutcome(of store: ReplicaStore, _ vector: ProtocolVector, schedule: String = "storage order, one page",
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let context = Comment(rawValue: "\(vector.name), \(schedule)")
        #expect(try store.maintenance.materializedState().lines == vector.expected.state, context, sourceLocation: sourceLocation)
        #expect(try store.maintenance.recomputedState().lines == vector.expected.state, context, sourceLocation: sourceLocation)
        #expect(try store.conflicts().map(JournalEntry.init).sorted() == vector.expected.conflicts.sorted(), context, sourceLocation: sourceLocation)
        #expect(try store.versionVector() == VersionVector(wire: vector.expected.vector), context, sourceLocation: sourceLocation)
        #expect(try store.maintenance.verify().isHealthy, context, sourceLocation: sourceLocation)
    }

    /// The changes a replica ends up holding: of each stream, the seqs from 1 without a gap (duplicates once).
    static func gapFreePrefix(_ changes: [Change]) -> [Change] {
        let byID = Dictionary(changes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var held: [Change] = []
        for stream in Set(changes.map(\.id.stream)) {
            var seq: UInt64 = 1
            while let change = byID[ChangeID(origin: stream.origin, scope: stream.scope, seq: seq)] {
                held.append(change)
                seq += 1
            }
        }
        return held
    }
}
