import Foundation

/// What one run of the load benchmark measured.
struct LoadReport: Codable {
    struct Alone: Codable {
        var changes: Int
        var seconds: Double
        var clientPeakMegabytes: Double
        var changesPerSecond: Double { Double(changes) / seconds }
    }

    struct Load: Codable {
        var seconds: Double
        var pushedChanges: Int
        var filledChanges: Int
        var pushChangesPerSecond: Double
        var fillChangesPerSecond: Double
        /// The node's push throughput under the load against one department pushing alone.
        var pushRateToOneWriter: Double
        var slowestPushSeconds: Double
        var slowestFillSeconds: Double
        var clientPeakMegabytes: Double
    }

    struct NothingNew: Codable {
        var count: Int
        var failures: Int
        var p50Seconds: Double?
        var p95Seconds: Double?
        var maxSeconds: Double?
        /// The same syncs as the client itself timed them (its `duration_ms`): the rest is the process's start and exit.
        var syncP50Seconds: Double?
        var syncP95Seconds: Double?
        var syncMaxSeconds: Double?
    }

    struct NodeMemory: Codable {
        var readyMegabytes: Double
        var loadPeakMegabytes: Double
        var afterLoadMegabytes: Double
        var lifetimePeakMegabytes: Double
    }

    var options: LoadOptions
    var processors: Int
    var nodeChanges: Int
    var alonePush: Alone
    var aloneFill: Alone
    var load: Load
    var nothingNew: NothingNew
    var nodeMemory: NodeMemory

    var table: String {
        func f(_ value: Double?, _ digits: Int = 2) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        let d = options.departments
        return """
            \(d) departments pushing \(options.backlog) new graduates each and \(d) fresh replicas filling \(options.graduates) graduates \
            each, at once, against one node holding \(nodeChanges) changes; \(processors) cores

            | measurement | figure |
            |---|--:|
            | one department pushing alone (\(alonePush.changes) changes) | \(f(alonePush.seconds)) s, \(f(alonePush.changesPerSecond, 0)) changes/s |
            | one fresh replica filling alone (\(aloneFill.changes) changes) | \(f(aloneFill.seconds)) s, \(f(aloneFill.changesPerSecond, 0)) changes/s |
            | the load, wall time | \(f(load.seconds)) s |
            | pushes absorbed under the load | \(load.pushedChanges) changes, \(f(load.pushChangesPerSecond, 0)) changes/s, \(f(load.pushRateToOneWriter)) × one writer alone |
            | fills served under the load | \(load.filledChanges) changes, \(f(load.fillChangesPerSecond, 0)) changes/s |
            | slowest push / slowest fill | \(f(load.slowestPushSeconds)) s / \(f(load.slowestFillSeconds)) s |
            | nothing-new syncs during the load (process start to exit) | \(nothingNew.count) ok, \(nothingNew.failures) failed; p50 \(f(nothingNew.p50Seconds)) s, p95 \(f(nothingNew.p95Seconds)) s, max \(f(nothingNew.maxSeconds)) s |
            | the same syncs as the client timed them (opening the replica to closing it) | p50 \(f(nothingNew.syncP50Seconds)) s, p95 \(f(nothingNew.syncP95Seconds)) s, max \(f(nothingNew.syncMaxSeconds)) s |
            | node memory: ready / load peak / after / lifetime peak | \(f(nodeMemory.readyMegabytes, 0)) / \(f(nodeMemory.loadPeakMegabytes, 0)) / \(f(nodeMemory.afterLoadMegabytes, 0)) / \(f(nodeMemory.lifetimePeakMegabytes, 0)) MB |
            | client peak memory under the load | \(f(load.clientPeakMegabytes, 0)) MB |
            """
    }
}
