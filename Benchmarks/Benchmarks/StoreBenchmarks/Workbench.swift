import BenchSupport
import Benchmark
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncServer
import GradSyncStore
import Hummingbird
import HummingbirdTesting
import Logging

let workbenchGraduates = 10_000

/// A department replica of 10,000 graduates served by the workbench (in-process, signed in), and its plain twin.
final class WorkbenchFixture: @unchecked Sendable {
    // Used by one benchmark at a time, from the benchmark's own thread.
    let directory: TemporaryDirectory
    let workbench: Workbench
    let plain: PlainFieldTable
    let all: PlainSQLite.Statement
    let one: PlainSQLite.Statement
    let oneLog: PlainSQLite.Statement
    /// A graduate whose record page is served.
    let key: String
    var cookie = ""

    init() async throws {
        directory = try TemporaryDirectory()
        // The generator's region codes predate the full GB/T 2260 check; the pages only read them, so the replica is
        // filled without the placement validator (reads do not run it).
        let store = try ReplicaStore.benchmarkReplica(at: directory.file("replica.sqlite"), graduates: workbenchGraduates,
                                                      validator: AcceptAllValidator()).0
        let replica = PlacementReplica(store: store)
        workbench = Workbench(replica: replica, configuration: WorkbenchConfiguration(author: "bench", syncTarget: {
            throw RecordsError.refused("no remote")
        }), logger: Logger(label: "bench"), authority: "localhost")
        plain = try PlainFieldTable(path: directory.file("plain.sqlite"))
        // A record page also shows the record's history: the plain twin keeps each change in a log as well, so its
        // baseline reads the same rows the page does (the fields, then the changes that wrote them).
        try plain.database.execute("""
            CREATE TABLE log (scope TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL,
                              value TEXT NOT NULL, hlc INTEGER NOT NULL, author TEXT NOT NULL);
            CREATE INDEX log_record ON log (scope, collection, key)
            """)
        let logInsert = try plain.database.prepare("INSERT INTO log (scope, collection, key, field, value, hlc, author) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for page in Fixtures.pages(of: GraduateGenerator(department: Fixtures.department, departmentNumber: 1),
                                   graduates: 0..<workbenchGraduates, origin: .random()) {
            try plain.insert(Fixtures.fieldRows(page))
            try plain.begin()
            for change in page {
                logInsert.bind(1, change.id.scope.name)
                logInsert.bind(2, change.collection)
                logInsert.bind(3, change.key)
                logInsert.bind(4, change.field)
                logInsert.bind(5, change.value.canonicalJSON)
                logInsert.bind(6, Int64(bitPattern: change.hlc.rawValue))
                logInsert.bind(7, change.author)
                guard try !logInsert.step() else { preconditionFailure("an insert returned a row") }
                logInsert.reset()
            }
            try plain.commit()
        }
        all = try plain.database.prepare("SELECT key, field, value FROM field WHERE scope = ? AND collection = ? ORDER BY key, field")
        one = try plain.database.prepare("SELECT field, value FROM field WHERE scope = ? AND collection = ? AND key = ? ORDER BY field")
        oneLog = try plain.database.prepare(
            "SELECT field, value, hlc, author FROM log WHERE scope = ? AND collection = ? AND key = ? ORDER BY rowid")
        key = try replica.graduateStates()[workbenchGraduates / 2].id.key
        let token = workbench.signInToken ?? ""
        cookie = try await serve { client in
            let response = try await client.execute(uri: "/?token=\(token)", method: .get)
            return String((response.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
        }
    }

    /// Runs `body` with an in-process client of the workbench's router.
    func serve<T: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await Application(router: workbench.makeRouter()).test(.router, body)
    }

    /// One signed-in GET, timed from the request to the whole page.
    func page(_ uri: String, _ benchmark: Benchmark) async throws {
        let cookie = self.cookie
        // The client runs inside this call, on this task, while the benchmark waits for it: the measurement brackets the
        // request alone, not the in-process test server's setup.
        nonisolated(unsafe) let measured = benchmark
        try await serve { client in
            measured.startMeasurement()
            let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
            measured.stopMeasurement()
            precondition(response.status == .ok, "\(uri) answered \(response.status)")
            blackHole(response.body.readableBytes)
        }
    }

    /// The ceiling of the roster and today's pages: every shown field of every graduate, one ordered select.
    func plainAll() throws -> Int {
        all.bind(1, Fixtures.department)
        all.bind(2, GraduateSchema.collection)
        defer { all.reset() }
        var bytes = 0
        while try all.step() { bytes += all.text(0).utf8.count + all.text(1).utf8.count + all.text(2).utf8.count }
        return bytes
    }

    /// The ceiling of a record page: the graduate's shown fields, then its history (every change of the record, who
    /// and when), two selects.
    func plainOne() throws -> Int {
        one.bind(1, Fixtures.department)
        one.bind(2, GraduateSchema.collection)
        one.bind(3, key)
        defer { one.reset() }
        var bytes = 0
        while try one.step() { bytes += one.text(0).utf8.count + one.text(1).utf8.count }
        oneLog.bind(1, Fixtures.department)
        oneLog.bind(2, GraduateSchema.collection)
        oneLog.bind(3, key)
        defer { oneLog.reset() }
        while try oneLog.step() {
            let stamp = oneLog.integer(2)
            bytes += oneLog.text(0).utf8.count + oneLog.text(1).utf8.count + (stamp == 0 ? 0 : 8) + oneLog.text(3).utf8.count
        }
        return bytes
    }

    deinit { directory.remove() }
}

nonisolated(unsafe) var workbenchFixture: WorkbenchFixture?

func workbenchBenchmarks() {
    let setup: @Sendable () async throws -> Void = { workbenchFixture = try await WorkbenchFixture() }
    let teardown: @Sendable () async throws -> Void = { workbenchFixture = nil }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds, warmupIterations: 2, maxDuration: .seconds(5), maxIterations: 50)

    Benchmark("workbench /graduates at 10,000 graduates", configuration: configuration, closure: { benchmark in
        try await workbenchFixture!.page("/graduates", benchmark)
    }, setup: setup, teardown: teardown)
    Benchmark("workbench /graduates at 10,000 graduates — plain SQLite select", configuration: configuration, closure: { _ in
        blackHole(try workbenchFixture!.plainAll())
    }, setup: setup, teardown: teardown)

    Benchmark("workbench / at 10,000 graduates", configuration: configuration, closure: { benchmark in
        try await workbenchFixture!.page("/", benchmark)
    }, setup: setup, teardown: teardown)
    Benchmark("workbench / at 10,000 graduates — plain SQLite select", configuration: configuration, closure: { _ in
        blackHole(try workbenchFixture!.plainAll())
    }, setup: setup, teardown: teardown)

    // A record page is about a millisecond: timed in microseconds, or the ratio would be rounded away.
    var fine = configuration
    fine.timeUnits = .microseconds
    fine.maxIterations = 500
    Benchmark("workbench record page at 10,000 graduates", configuration: fine, closure: { benchmark in
        try await workbenchFixture!.page("/graduates/\(workbenchFixture!.key)", benchmark)
    }, setup: setup, teardown: teardown)
    Benchmark("workbench record page at 10,000 graduates — plain SQLite select", configuration: fine, closure: { _ in
        blackHole(try workbenchFixture!.plainOne())
    }, setup: setup, teardown: teardown)
    // The floor under every page: one in-process request through the same router and guard for a kept asset (the
    // script), reading nothing and rendering nothing.
    Benchmark("workbench in-process request floor (/assets/workbench.js)", configuration: fine, closure: { benchmark in
        try await workbenchFixture!.page("/assets/workbench.js", benchmark)
    }, setup: setup, teardown: teardown)
}
