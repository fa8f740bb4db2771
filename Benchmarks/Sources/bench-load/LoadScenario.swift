import BenchSupport
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// One run of the load benchmark, every sync through the built `gradsync` against one `gradsync serve`.
///
/// The node holds `graduates` of each of the filling departments `D01…`; the pushing departments `P01…` are new
/// to it, so a pusher's sync is its backlog alone. Before the load, one department pushes the whole load's
/// backlog alone (the node's one-writer ceiling) and one fresh replica fills alone (the reference for a fill).
struct LoadScenario {
    let gradsync: String
    let directory: TemporaryDirectory
    let options: LoadOptions
    let log: (String) -> Void

    var centralHome: String { directory.file("central") }
    func home(_ name: String) -> String { directory.file("client-\(name)") }
    static func code(_ prefix: String, _ number: Int) -> String { prefix + (number < 9 ? "0" : "") + String(number + 1) }

    func run() throws -> LoadReport {
        let departments = options.departments
        let fillers = (0..<departments).map { Self.code("D", $0) }
        let pushers = (0..<departments).map { Self.code("P", $0) }
        let (tokens, held) = try makeCentral(fillers: fillers, probe: "Q01", extra: ["S01"] + pushers)

        // Replicas: the prober, the lone pusher, the lone filler, and the load's pushers and fillers.
        var homes: [(name: String, department: String)] = [("probe", "Q01"), ("alone-push", "S01"), ("alone-fill", "D01")]
        homes += pushers.map { ($0, $0) } + fillers.map { ($0, $0) }
        for home in homes { try runChecked(["init", "--department", home.department, "--home", self.home(home.name)], name: "init-\(home.name)") }
        let loneBacklog = try writeBacklog(home: home("alone-push"), department: "S01", graduates: departments * options.backlog)
        var backlogs: [String: Int] = [:]
        for code in pushers { backlogs[code] = try writeBacklog(home: home(code), department: code, graduates: options.backlog) }
        log("replicas ready: \(homes.count), backlog \(backlogs.values.reduce(0, +)) changes over \(pushers.count) departments")

        let node = try Node(gradsync: gradsync, home: centralHome, logPrefix: directory.file("serve"))
        let memory = MemorySampler(pid: node.process.pid)
        let remote = "http://127.0.0.1:\(node.port)"
        let root = directory.path
        let binary = gradsync
        // The load's clients run at the lowest CPU priority: they stand for laptops across the campus, whose work
        // would not share the node's two cores. The node, the prober and the lone syncs run at normal priority.
        let sync: @Sendable (String, String, Bool) throws -> ChildProcess = { name, department, remoteLaptop in
            let arguments = ["sync", "--home", root + "/client-" + name, "--remote", remote, "--token", tokens[department]!,
                             "--json", "--timeout", "3600"]
            return remoteLaptop
                ? try ChildProcess("/usr/bin/nice", ["-n", "19", binary] + arguments, logPrefix: root + "/sync-" + name)
                : try ChildProcess(binary, arguments, logPrefix: root + "/sync-" + name)
        }
        let probeFirst = try SyncOutcome(sync("probe", "Q01", false), name: "probe")
        try probeFirst.expect(pushed: 0, pulled: held["Q01"]!)
        let readyMegabytes = memory.currentMegabytes

        let lonePush = try SyncOutcome(sync("alone-push", "S01", false), name: "alone-push")
        try lonePush.expect(pushed: loneBacklog, pulled: 0)
        log("one department pushed \(loneBacklog) changes alone in \(lonePush.seconds) s")
        let loneFill = try SyncOutcome(sync("alone-fill", "D01", false), name: "alone-fill")
        try loneFill.expect(pushed: 0, pulled: held["D01"]!)
        log("one fresh replica filled \(held["D01"]!) changes alone in \(loneFill.seconds) s")

        // The load: every pusher and filler at once, the prober syncing in a loop until they are all done.
        memory.resetPeak()
        let probe = Prober { try SyncOutcome(sync("probe", "Q01", false), name: "probe") }
        let started = ContinuousClock.now
        var children: [(name: String, child: ChildProcess)] = []
        for index in 0..<departments {
            children.append((pushers[index], try sync(pushers[index], pushers[index], true)))
            children.append((fillers[index], try sync(fillers[index], fillers[index], true)))
        }
        let outcomes = try SyncOutcome.waitAll(children)
        let loadSeconds = (ContinuousClock.now - started).seconds
        let probes = probe.stop()
        let loadPeak = memory.peakMegabytes
        var pushed = 0, filled = 0, slowestPush = 0.0, slowestFill = 0.0, clientPeak = 0.0
        for outcome in outcomes {
            if let backlog = backlogs[outcome.name] {
                try outcome.expect(pushed: backlog, pulled: 0)
                pushed += backlog
                slowestPush = max(slowestPush, outcome.seconds)
            } else {
                try outcome.expect(pushed: 0, pulled: held[outcome.name]!)
                filled += held[outcome.name]!
                slowestFill = max(slowestFill, outcome.seconds)
            }
            clientPeak = max(clientPeak, outcome.peakMegabytes)
        }
        let afterMegabytes = memory.currentMegabytes
        memory.stop()
        let nodePeak = Double(node.stop()) / 1_048_576
        for failure in probes where !failure.succeeded { log("a nothing-new sync failed during the load: \(failure.errorText)") }

        let latencies = probes.filter(\.succeeded).map(\.seconds).sorted()
        let inProcess = probes.filter(\.succeeded).compactMap(\.syncSeconds).sorted()
        func percentile(_ p: Double, of values: [Double]) -> Double? {
            values.isEmpty ? nil : values[min(values.count - 1, Int(Double(values.count) * p))]
        }
        func percentile(_ p: Double) -> Double? { percentile(p, of: latencies) }
        let loneRate = Double(loneBacklog) / lonePush.seconds
        return LoadReport(
            options: options, processors: ProcessInfo.processInfo.activeProcessorCount,
            nodeChanges: held.values.reduce(0, +),
            alonePush: .init(changes: loneBacklog, seconds: lonePush.seconds, clientPeakMegabytes: lonePush.peakMegabytes),
            aloneFill: .init(changes: held["D01"]!, seconds: loneFill.seconds, clientPeakMegabytes: loneFill.peakMegabytes),
            load: .init(seconds: loadSeconds, pushedChanges: pushed, filledChanges: filled,
                        pushChangesPerSecond: Double(pushed) / loadSeconds, fillChangesPerSecond: Double(filled) / loadSeconds,
                        pushRateToOneWriter: Double(pushed) / loadSeconds / loneRate,
                        slowestPushSeconds: slowestPush, slowestFillSeconds: slowestFill, clientPeakMegabytes: clientPeak),
            nothingNew: .init(count: latencies.count, failures: probes.count - latencies.count, p50Seconds: percentile(0.5),
                              p95Seconds: percentile(0.95), maxSeconds: latencies.last,
                              syncP50Seconds: percentile(0.5, of: inProcess), syncP95Seconds: percentile(0.95, of: inProcess),
                              syncMaxSeconds: inProcess.last),
            nodeMemory: .init(readyMegabytes: readyMegabytes, loadPeakMegabytes: loadPeak, afterLoadMegabytes: afterMegabytes,
                              lifetimePeakMegabytes: nodePeak))
    }

    /// The central node: `graduates` of each filling department and a few of the prober's, each department from a
    /// laptop of its own; a token for every department that syncs. Returns the tokens and the changes held of each.
    func makeCentral(fillers: [String], probe: String, extra: [String]) throws -> (tokens: [String: String], held: [String: Int]) {
        try FileManager.default.createDirectory(atPath: centralHome, withIntermediateDirectories: true)
        let central = try ReplicaStore.create(at: centralHome + "/replica.sqlite", scope: .central,
                                              options: .init(validator: PlacementValidator()))
        defer { try? central.close() }
        var held: [String: Int] = [:]
        let started = ContinuousClock.now
        for (number, code) in ([probe] + fillers).enumerated() {
            let count = code == probe ? 20 : options.graduates
            var changes = 0
            for page in Fixtures.pages(of: GraduateGenerator(department: code, departmentNumber: number + 1), graduates: 0..<count,
                                       origin: .random()) {
                try central.apply(page)
                changes += page.count
            }
            held[code] = changes
        }
        log("central node filled with \(try central.changeCount()) changes in \(started.duration(to: .now))")
        var tokens: [String: String] = [:]
        for code in [probe] + fillers + extra {
            tokens[code] = try central.tokens.issue(scope: .department(try Scope.department(code)), label: "load \(code)").token
        }
        return (tokens, held)
    }

    /// Writes `graduates` new graduates on a replica as its own changes, as a laptop offline for weeks would hold.
    func writeBacklog(home: String, department: String, graduates: Int) throws -> Int {
        let store = try ReplicaStore.open(at: home + "/replica.sqlite", options: .init(validator: PlacementValidator()))
        defer { try? store.close() }
        let yesterday = HLCTimestamp(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000) - 86_400_000)
        var changes = 0
        for page in Fixtures.pages(of: GraduateGenerator(department: department, departmentNumber: 90), graduates: 0..<graduates,
                                   origin: store.replicaID, firstStamp: yesterday) {
            try store.apply(page)
            changes += page.count
        }
        return changes
    }

    func runChecked(_ arguments: [String], name: String) throws {
        let child = try ChildProcess(gradsync, arguments, logPrefix: directory.file(name))
        let exit = child.wait()
        guard exit.status == 0 else { throw BenchError("gradsync \(arguments[0]) exited \(exit.status): \(child.standardError.suffix(2_000))") }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
