import BenchSupport
import Benchmark
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// Changes per applied page: the protocol's largest page.
let applyPageSize = 5_000
/// Pages made ready before measuring; each iteration applies the next one, so the replica grows as it would.
let applyPages = 24

/// A fresh department replica and its plain twin, with remote pages of new graduates ready to apply.
final class ApplyFixture: @unchecked Sendable {
    // Used by one benchmark at a time, from the benchmark's own thread.
    let directory: TemporaryDirectory
    let store: ReplicaStore
    let plain: PlainFieldTable
    let pages: [[Change]]
    let rows: [[FieldRow]]
    var next = 0

    init() throws {
        directory = try TemporaryDirectory()
        store = try ReplicaStore.create(at: directory.file("replica.sqlite"), scope: .department(Fixtures.departmentScope),
                                        options: .init(validator: PlacementValidator()))
        plain = try PlainFieldTable(path: directory.file("plain.sqlite"))
        let generator = GraduateGenerator(department: Fixtures.department, departmentNumber: 1)
        pages = Array(Fixtures.pages(of: generator, graduates: 0..<20_000, origin: .random(), pageSize: applyPageSize).prefix(applyPages))
        rows = pages.map(Fixtures.fieldRows)
    }

    func nextPage() -> Int {
        defer { next += 1 }
        return next % applyPages
    }

    deinit { directory.remove() }
}

nonisolated(unsafe) var applyFixture: ApplyFixture?

func applyBenchmarks() {
    let setup: @Sendable () async throws -> Void = { applyFixture = try ApplyFixture() }
    let teardown: @Sendable () async throws -> Void = { applyFixture = nil }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident], timeUnits: .milliseconds,
        warmupIterations: 0, maxDuration: .seconds(20), maxIterations: applyPages)

    Benchmark("apply a page of 5,000 remote changes", configuration: configuration, closure: { _ in
        let fixture = applyFixture!
        let result = try fixture.store.apply(fixture.pages[fixture.nextPage()])
        precondition(result.applied == applyPageSize, "every change of a new page is applied")
    }, setup: setup, teardown: teardown)

    Benchmark("apply a page of 5,000 remote changes — plain SQLite LWW upsert", configuration: configuration, closure: { _ in
        let fixture = applyFixture!
        try fixture.plain.upsert(fixture.rows[fixture.nextPage()])
    }, setup: setup, teardown: teardown)
}
