import BenchSupport
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// One measured phase of the end-to-end benchmark.
struct PhaseResult: Codable {
    var phase: String
    var changes: Int
    var seconds: Double
    var changesPerSecond: Double
    /// Plain SQLite inserting the same field rows with a prepared statement in one transaction, in this run.
    var plainSQLiteSeconds: Double?
    var ratioToPlainSQLite: Double?
    var roundTrips: Int
    var requestBytes: Int
    var responseBytes: Int
    var bytesPerChangeGzip: Double?
    var bytesPerChangeUncompressed: Double?
    var clientPeakMegabytes: Double
    var serverPeakMegabytes: Double
}

/// A department replica syncing with a central node over loopback HTTP, every step through the built `gradsync`.
struct SyncScenario {
    let gradsync: String
    let directory: TemporaryDirectory
    let graduates: Int
    let log: (String) -> Void

    let department = Fixtures.department
    var centralHome: String { directory.file("central") }
    /// The client replica's directory name: a scenario may hold a second laptop of the department beside the first.
    var clientName = "client"
    var clientHome: String { directory.file(clientName) }

    /// Builds the central node's replica: `graduates` of the department, and other departments beside it.
    func makeCentral(otherDepartments: [(String, Int)]) throws -> String {
        try FileManager.default.createDirectory(atPath: centralHome, withIntermediateDirectories: true)
        let central = try ReplicaStore.create(at: centralHome + "/replica.sqlite", scope: .central,
                                              options: .init(validator: PlacementValidator()))
        let token = try central.tokens.issue(scope: .department(try Scope.department(department)), label: "bench").token
        let started = ContinuousClock.now
        var sources = [(department, 1, graduates)]
        for (offset, other) in otherDepartments.enumerated() { sources.append((other.0, offset + 2, other.1)) }
        for (code, number, count) in sources {
            let laptop = ReplicaID.random()
            for page in Fixtures.pages(of: GraduateGenerator(department: code, departmentNumber: number), graduates: 0..<count, origin: laptop) {
                try central.apply(page)
            }
        }
        log("central node filled with \(try central.changeCount()) changes in \(started.duration(to: .now))")
        try central.close()
        return token
    }

    /// Plain SQLite inserting the field rows of graduates `range` in one transaction; the time of the inserts alone.
    /// The fastest of three runs: one run's time swung by a third on a shared machine, and the fastest is the
    /// strictest ceiling to compare with.
    func plainInsertSeconds(_ range: Range<Int>, origin: ReplicaID = .random()) throws -> (seconds: Double, rows: Int) {
        var best = try plainInsertOnce(range, origin: origin)
        for _ in 1..<3 {
            let run = try plainInsertOnce(range, origin: origin)
            if run.seconds < best.seconds { best = run }
        }
        return best
    }

    func plainInsertOnce(_ range: Range<Int>, origin: ReplicaID) throws -> (seconds: Double, rows: Int) {
        let path = directory.file("plain-\(range.lowerBound).sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let table = try PlainFieldTable(path: path)
        var elapsed = Duration.zero
        var rows = 0
        var clock = ContinuousClock.now
        try table.begin()
        elapsed += clock.duration(to: .now)
        for page in Fixtures.pages(of: GraduateGenerator(department: department, departmentNumber: 1), graduates: range, origin: origin) {
            let fieldRows = Fixtures.fieldRows(page)
            rows += fieldRows.count
            clock = .now
            try table.insertWithoutTransaction(fieldRows)
            elapsed += clock.duration(to: .now)
        }
        clock = .now
        try table.commit()
        elapsed += clock.duration(to: .now)
        return (elapsed.seconds, rows)
    }

    /// Runs `gradsync` to the end and returns its exit, failing on a non-zero status.
    func run(_ arguments: [String], name: String) throws -> (exit: ChildProcess.Exit, stdout: String) {
        let child = try ChildProcess(gradsync, arguments, logPrefix: directory.file(name))
        let exit = child.wait()
        guard exit.status == 0 else {
            throw BenchError("gradsync \(arguments.first ?? "") exited \(exit.status): \(child.standardError.suffix(2_000))")
        }
        return (exit, child.standardOutput)
    }

    /// One `gradsync sync` of the client through the proxy, with a node started for it alone (so its peak is this phase's).
    func sync(phase: String, token: String, expected: (pushed: Int?, pulled: Int?), plain: Double?) throws -> PhaseResult {
        let node = try Node(gradsync: gradsync, home: centralHome, logPrefix: directory.file("serve-\(phase.prefix(8))"))
        let proxy = try CountingProxy(targetPort: node.port)
        let (exit, output) = try run(["sync", "--home", clientHome, "--remote", "http://127.0.0.1:\(proxy.port)", "--token", token,
                                      "--json", "--timeout", "3600"], name: "sync-\(phase.prefix(8))")
        let serverPeak = node.stop()
        let traffic = proxy.snapshot()
        let summary = (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
        let pushed = summary["pushed"] as? Int ?? 0
        let pulled = summary["pulled"] as? Int ?? 0
        if let want = expected.pushed, want != pushed { throw BenchError("\(phase): pushed \(pushed), expected \(want)") }
        if let want = expected.pulled, want != pulled { throw BenchError("\(phase): pulled \(pulled), expected \(want)") }
        let changes = pushed + pulled
        let seconds = exit.duration.seconds
        let plainSeconds = plain
        log("\(phase): \(changes) changes in \(String(format: "%.2f", seconds)) s, \(traffic.requests) requests")
        return PhaseResult(
            phase: phase, changes: changes, seconds: seconds, changesPerSecond: changes > 0 ? Double(changes) / seconds : 0,
            plainSQLiteSeconds: plainSeconds, ratioToPlainSQLite: plainSeconds.map { seconds / $0 },
            roundTrips: traffic.requests, requestBytes: traffic.requestBytes, responseBytes: traffic.responseBytes,
            bytesPerChangeGzip: changes > 0 ? Double(traffic.totalBytes) / Double(changes) : nil,
            bytesPerChangeUncompressed: changes > 0 ? Double(traffic.totalBytesUncompressed) / Double(changes) : nil,
            clientPeakMegabytes: Double(exit.peakMemory) / 1_048_576, serverPeakMegabytes: Double(serverPeak) / 1_048_576)
    }

    /// Starts a fresh department replica for the client.
    func initClient() throws {
        _ = try run(["init", "--department", department, "--home", clientHome], name: "init")
    }

    /// Writes a backlog of `count` new graduates on the client as its own changes, as a laptop offline for weeks would hold.
    func writeBacklog(_ range: Range<Int>) throws -> Int {
        let store = try ReplicaStore.open(at: clientHome + "/replica.sqlite", options: .init(validator: PlacementValidator()))
        defer { try? store.close() }
        let before = try store.changeCount()
        let yesterday = HLCTimestamp(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000) - 86_400_000)
        for page in Fixtures.pages(of: GraduateGenerator(department: department, departmentNumber: 1), graduates: range,
                                   origin: store.replicaID, firstStamp: yesterday) {
            try store.apply(page)
        }
        return try store.changeCount() - before
    }

    /// Edits one field of `count` graduates on the client through the ordinary local write.
    func writeEdits(_ count: Int) throws {
        let store = try ReplicaStore.open(at: clientHome + "/replica.sqlite", options: .init(validator: PlacementValidator()))
        defer { try? store.close() }
        let generator = GraduateGenerator(department: department, departmentNumber: 1)
        for index in 0..<count {
            let record = RecordID(scope: try Scope.department(department), collection: GraduateSchema.collection,
                                  key: generator.studentNumber(index * max(1, graduates / count)))
            try store.write(record, fields: ["phone": .string("139" + String(10_000_000 + index))],
                            mode: .update, author: "secretary")
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
