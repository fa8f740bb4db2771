import BenchSupport
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// `bench-sync --loader-only`: the store's snapshot loader alone, beside plain SQLite inserting the same field rows
/// in the same run, so its speed can be worked on without a node or a wire.
///
/// The changes are generated while they are loaded, on the loader's reading lane, as a download is decoded there.
struct LoaderBenchmark: Codable {
    var graduates: Int
    var changes: Int
    /// Generating the changes and their content hashes alone, without loading them: the lane's share that a real
    /// snapshot spends decoding instead.
    var generateSeconds: Double
    var loadSeconds: Double
    var plainSQLiteSeconds: Double
    var ratioToPlainSQLite: Double
    /// The process's peak resident memory after the load (generation included), in MB.
    var peakMegabytes: Double

    static func run(graduates: Int, directory: TemporaryDirectory, log: @escaping (String) -> Void) throws -> LoaderBenchmark {
        let scenario = SyncScenario(gradsync: "", directory: directory, graduates: graduates, log: log)
        let origin = ReplicaID.random()
        let generator = GraduateGenerator(department: Fixtures.department, departmentNumber: 1)
        // One stamp for both passes, so the changes loaded are the ones the plan's tip was taken from.
        let stamp = Fixtures.monthAgo
        var generated = GeneratedSnapshot(pages: Fixtures.pages(of: generator, graduates: 0..<graduates, origin: origin, firstStamp: stamp))
        var generateClock = ContinuousClock.now
        var last: SnapshotLoadEntry?
        var count = 0
        while let entries = try generated.nextEntries() {
            count += entries.count
            last = entries.last
        }
        let generateSeconds = generateClock.duration(to: .now).seconds
        guard let last else { throw BenchError("no changes generated") }
        let plan = SnapshotPlan(scope: .department(Fixtures.departmentScope),
                                tips: [.init(stream: last.change.id.stream, seq: last.change.id.seq, hash: last.contentHash)])

        let store = try ReplicaStore.create(at: directory.file("loaded.sqlite"), scope: .department(Fixtures.departmentScope),
                                            options: .init(validator: PlacementValidator()))
        defer { try? store.close() }
        generateClock = .now
        let result = try store.loadSnapshot(plan, from: GeneratedSnapshot(pages: Fixtures.pages(of: generator, graduates: 0..<graduates, origin: origin, firstStamp: stamp)))
        let loadSeconds = generateClock.duration(to: .now).seconds
        guard result.loaded == count else { throw BenchError("loaded \(result.loaded) of \(count) changes") }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peak = Double(usage.ru_maxrss) / 1024
        let plain = try scenario.plainInsertSeconds(0..<graduates, origin: origin)
        log("loader: \(count) changes in \(String(format: "%.2f", loadSeconds)) s, plain SQLite \(String(format: "%.2f", plain.seconds)) s")
        return LoaderBenchmark(graduates: graduates, changes: count, generateSeconds: generateSeconds, loadSeconds: loadSeconds,
                               plainSQLiteSeconds: plain.seconds, ratioToPlainSQLite: loadSeconds / plain.seconds, peakMegabytes: peak)
    }
}

/// Generated graduates as a snapshot source: each page's changes with the content hash a sender carries.
struct GeneratedSnapshot: SnapshotChangeSource {
    var pages: ChangePages

    mutating func nextEntries() throws -> [SnapshotLoadEntry]? {
        pages.next().map { page in page.map { SnapshotLoadEntry(change: $0, contentHash: $0.contentHash) } }
    }
}
