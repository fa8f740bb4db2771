import BenchSupport
import Benchmark
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

// Each store benchmark sits beside a baseline doing the same field rows with plain SQLite (C API,
// prepared statement, one transaction, same WAL settings), so the ratio of the two is what to read:
// absolute times drift on a shared machine, ratios measured in one run do not.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        timeUnits: .microseconds,
        warmupIterations: 3,
        maxDuration: .seconds(4),
        maxIterations: 2_000)

    localEditBenchmarks()
    applyBenchmarks()
    missingBenchmarks()
    exportBenchmarks()
    workbenchBenchmarks()
}
