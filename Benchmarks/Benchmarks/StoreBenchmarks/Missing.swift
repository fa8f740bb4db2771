import BenchSupport
import Benchmark
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// Graduates the serving replica holds (about 20 changes each).
let servedGraduates = 5_000
let missingPageSize = 5_000

/// A replica holding a department's history, the same rows in a plain log table, and a peer at varying positions.
final class MissingFixture: @unchecked Sendable {
    // Used by one benchmark at a time, from the benchmark's own thread.
    let directory: TemporaryDirectory
    let store: ReplicaStore
    let origin: ReplicaID
    let plain: PlainSQLite
    let select: PlainSQLite.Statement
    let total: Int
    var next = 0

    init() async throws {
        directory = try TemporaryDirectory()
        // The origin's stream arrived with a signed tip every page, and its key is bound: what a node holds of a laptop.
        let key = ReplicaKey.generate()
        (store, origin) = try ReplicaStore.benchmarkReplica(at: directory.file("replica.sqlite"), graduates: servedGraduates, signedBy: key)
        let token = try store.tokens.issue(scope: .department(Fixtures.departmentScope), label: "laptop").info
        _ = try await store.tokens.claimReplicaKey(origin.hex, publicKey: key.publicKeyHex, token: token, bind: true)
        total = try store.changeCount()
        plain = try PlainSQLite(path: directory.file("plain.sqlite"))
        try plain.execute("""
            CREATE TABLE change (origin INTEGER NOT NULL, scope TEXT NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL,
                collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, bases TEXT NOT NULL,
                seen TEXT NOT NULL, author TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (origin, scope, seq))
            """)
        let insert = try plain.prepare("INSERT INTO change VALUES (1, ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?)")
        try plain.execute("BEGIN")
        for change in try store.allChanges() {
            insert.bind(1, change.id.scope.name)
            insert.bind(2, Int64(change.id.seq))
            insert.bind(3, Int64(bitPattern: change.hlc.rawValue))
            insert.bind(4, change.collection)
            insert.bind(5, change.key)
            insert.bind(6, change.field)
            insert.bind(7, change.value.canonicalJSON)
            insert.bind(8, change.author)
            insert.bind(9, change.contentHash)
            try insert.step()
            insert.reset()
        }
        try plain.execute("COMMIT")
        select = try plain.prepare("""
            SELECT rowid, origin, scope, seq, hlc, collection, key, field, value, bases, seen, author, hash
            FROM change WHERE scope = ? AND seq > ? ORDER BY rowid LIMIT ?
            """)
    }

    /// Where the peer's vector stands: a different place in the log each time.
    func nextPeerSeq() -> UInt64 {
        defer { next += 1 }
        return UInt64((next * 7_919 * 13) % max(1, total - missingPageSize))
    }

    deinit { directory.remove() }
}

nonisolated(unsafe) var missingFixture: MissingFixture?

func missingBenchmarks() {
    let setup: @Sendable () async throws -> Void = { missingFixture = try await MissingFixture() }
    let teardown: @Sendable () async throws -> Void = { missingFixture = nil }
    let scope = Fixtures.departmentScope
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident], timeUnits: .milliseconds, maxDuration: .seconds(5), maxIterations: 200)

    /// The page a peer at the fixture's next position lacks.
    @Sendable func nextBatch(_ fixture: MissingFixture) throws -> ChangeBatch {
        var peer = VersionVector()
        peer[StreamKey(origin: fixture.origin, scope: scope)] = fixture.nextPeerSeq()
        let batch = try fixture.store.changes(missingFrom: peer, filter: .department(scope), limit: missingPageSize)
        precondition(batch.changes.count == missingPageSize)
        return batch
    }

    Benchmark("list 5,000 changes another replica lacks", configuration: configuration, closure: { _ in
        blackHole(try nextBatch(missingFixture!))
    }, setup: setup, teardown: teardown)

    // What a node serving stream tips adds to a pull page (SPEC 7): the highest stored tip within each stream's changes
    // in the page, and the key of its origin. The cost of tips to serving a page is the ratio to the listing above.
    Benchmark("list 5,000 changes another replica lacks, with their stream tips", configuration: configuration, closure: { _ in
        let fixture = missingFixture!
        let batch = try nextBatch(fixture)
        let served = try fixture.store.servedTips(for: batch.changes)
        precondition(served.tips.count == 1 && served.keys.count == 1, "a stored tip lies within every page of 5,000")
        blackHole((batch, served))
    }, setup: setup, teardown: teardown)

    Benchmark("list 5,000 changes another replica lacks — plain SQLite select", configuration: configuration, closure: { _ in
        let fixture = missingFixture!
        let select = fixture.select
        select.bind(1, scope.name)
        select.bind(2, Int64(fixture.nextPeerSeq()))
        select.bind(3, Int64(missingPageSize))
        var rows: [(Int64, Int64, String, Int64, Int64, String, String, String, String, String, String, String, String)] = []
        rows.reserveCapacity(missingPageSize)
        while try select.step() {
            rows.append((select.integer(0), select.integer(1), select.text(2), select.integer(3), select.integer(4), select.text(5),
                         select.text(6), select.text(7), select.text(8), select.text(9), select.text(10), select.text(11), select.text(12)))
        }
        select.reset()
        precondition(rows.count == missingPageSize)
        blackHole(rows)
    }, setup: setup, teardown: teardown)
}
