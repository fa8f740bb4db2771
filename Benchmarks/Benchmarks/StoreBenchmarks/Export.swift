import BenchSupport
import Benchmark
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

let exportedGraduates = 5_000

/// A department replica and its plain twin holding the same shown values.
final class ExportFixture: @unchecked Sendable {
    // Used by one benchmark at a time, from the benchmark's own thread.
    let directory: TemporaryDirectory
    let store: ReplicaStore
    let plain: PlainFieldTable
    let select: PlainSQLite.Statement

    init() throws {
        directory = try TemporaryDirectory()
        store = try ReplicaStore.benchmarkReplica(at: directory.file("replica.sqlite"), graduates: exportedGraduates).0
        plain = try PlainFieldTable(path: directory.file("plain.sqlite"))
        for page in Fixtures.pages(of: GraduateGenerator(department: Fixtures.department, departmentNumber: 1),
                                   graduates: 0..<exportedGraduates, origin: .random()) {
            try plain.insert(Fixtures.fieldRows(page))
        }
        select = try plain.database.prepare("SELECT key, field, value FROM field WHERE scope = ? AND collection = ? ORDER BY key, field")
        let exported = try storeExport()
        let baseline = try plainExport()
        precondition(exported == baseline, "the baseline writes the same bytes as the exporter")
    }

    /// What `gradsync export --format json` does: the shown records, then the canonical JSON exporter.
    func storeExport() throws -> String {
        let records = try store.records(collection: GraduateSchema.collection, scope: Fixtures.departmentScope).map { state in
            GraduateRecord(department: state.id.scope.name, studentNumber: state.id.key, fields: state.fields)
        }
        return GraduateExporter().json(records)
    }

    /// The ceiling: one ordered select, the stored canonical value texts spliced into the same JSON.
    func plainExport() throws -> String {
        select.bind(1, Fixtures.department)
        select.bind(2, GraduateSchema.collection)
        defer { select.reset() }
        var out = "["
        var currentKey: String?
        var members: [(String, String)] = []
        func flush() {
            guard currentKey != nil else { return }
            members.append(("department", "\"\(Fixtures.department)\""))
            members.sort { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            if out.utf8.count > 1 { out += "," }
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                out += "\"" + member.0 + "\":" + member.1
            }
            out += "}"
            members.removeAll(keepingCapacity: true)
        }
        while try select.step() {
            let key = select.text(0)
            if key != currentKey {
                flush()
                currentKey = key
            }
            let field = select.text(1)
            if field.hasPrefix("_") || GraduateSchema.sensitiveFieldNames.contains(field) { continue }
            members.append((field, select.text(2)))
        }
        flush()
        return out + "]\n"
    }

    deinit { directory.remove() }
}

nonisolated(unsafe) var exportFixture: ExportFixture?

func exportBenchmarks() {
    let setup: @Sendable () async throws -> Void = { exportFixture = try ExportFixture() }
    let teardown: @Sendable () async throws -> Void = { exportFixture = nil }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident], timeUnits: .milliseconds, maxDuration: .seconds(5), maxIterations: 100)

    Benchmark("canonical export of 5,000 graduates", configuration: configuration, closure: { _ in
        blackHole(try exportFixture!.storeExport())
    }, setup: setup, teardown: teardown)

    Benchmark("canonical export of 5,000 graduates — plain SQLite select", configuration: configuration, closure: { _ in
        blackHole(try exportFixture!.plainExport())
    }, setup: setup, teardown: teardown)
}
