import Benchmark
import Foundation

// Every dashboard page of a central node holding 500,000 graduates (10 cohorts, 30 departments), served over loopback
// HTTP by the node's own server in this process, and `report placement --by department` as the CLI computes it, each
// beside the plain SQLite statements that compute the same figures from the same file in the same run: the ratio of
// the two is what to read (absolute times drift on a shared machine).
nonisolated(unsafe) var centralNode: CentralNode?

/// The node, built (or reopened from the cached replica) by the first benchmark that needs it and kept for the rest.
func node() throws -> CentralNode {
    if let centralNode { return centralNode }
    let made = try CentralNode()
    centralNode = made
    return made
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(8),
        maxIterations: 15)
    let setup: @Sendable () async throws -> Void = { _ = try node() }
    // The node's memory after each page's requests: flat while serving means no page keeps what it read.
    let teardown: @Sendable () async throws -> Void = {
        if let centralNode { FileHandle.standardError.write(Data((centralNode.memoryLine() + "\n").utf8)) }
    }

    let pages: [(name: String, path: String, plain: @Sendable (PlainPages) throws -> Int)] = [
        ("overview", "/", { try $0.overview() }),
        ("department", "/departments/D01", { try $0.departmentPage() }),
        ("destinations", "/destinations", { try $0.destinations() }),
        ("flows", "/flows", { try $0.flows() }),
        ("grassroots", "/grassroots", { try $0.grassroots() }),
        ("assistance", "/assistance", { try $0.assistance() }),
        ("conflicts", "/conflicts", { try $0.conflicts() }),
        ("sync", "/sync", { try $0.sync() }),
    ]
    // The pages that read a few hundred rows take well under a millisecond to a few: timed in microseconds, beside the
    // HTTP floor below, and with more iterations, so their medians are not rounded to 0 or 1.
    let fine: Set<String> = ["conflicts", "sync"]
    let fineConfiguration = Benchmark.Configuration(metrics: [.wallClock, .peakMemoryResident], timeUnits: .microseconds,
                                                    warmupIterations: 5, maxDuration: .seconds(8), maxIterations: 200)
    for page in pages {
        let configuration = fine.contains(page.name) ? fineConfiguration : Benchmark.defaultConfiguration
        Benchmark("dashboard \(page.name)", configuration: configuration, closure: { _ in
            blackHole(try node().get(page.path))
        }, setup: setup, teardown: teardown)
        Benchmark("dashboard \(page.name) — plain SQLite", configuration: configuration, closure: { _ in
            blackHole(try page.plain(node().plain))
        }, setup: setup)
    }
    // The fixed cost of one request over the same kept-alive loopback connection, with no session and no database:
    // what any page pays before it reads a row, and what the plain queries never pay.
    Benchmark("dashboard HTTP floor (/healthz)", configuration: fineConfiguration, closure: { _ in
        blackHole(try node().get("/healthz"))
    }, setup: setup, teardown: teardown)
    // Memory while serving: every page in turn, round after round, the node's resident memory noted after the first
    // round and every 20th (flat means nothing a page reads is kept).
    let rounds = Locked(0)
    let resident = Locked<[String]>([])
    Benchmark("dashboard every page, round after round", configuration: .init(
        metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds, warmupIterations: 0, maxDuration: .seconds(300),
        maxIterations: 60), closure: { _ in
        for page in pages { blackHole(try node().get(page.path)) }
        rounds.set(rounds.value + 1)
        if rounds.value == 1 || rounds.value % 20 == 0 {
            resident.set(resident.value + ["\(Memory.megabytes(Memory.residentBytes())) MB after \(rounds.value)"])
        }
    }, setup: setup, teardown: {
        if let centralNode {
            let line = "node memory over \(rounds.value) rounds of every page: resident " + resident.value.joined(separator: ", ")
                + "; " + centralNode.memoryLine()
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    })
    Benchmark("report placement --by department", closure: { _ in
        blackHole(try node().placementReport())
    }, setup: setup)
    Benchmark("report placement --by department — plain SQLite", closure: { _ in
        blackHole(try node().plain.placementReport())
    }, setup: setup)
}
