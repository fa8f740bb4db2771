import BenchSupport
import Foundation
import GradSyncPlacement

/// `bench-sync`: the end-to-end sync benchmark. See docs/performance.md.
@main
struct BenchSync {
    static func main() throws {
        var graduates = 10_000
        var json = false
        var keep = false
        var loaderOnly = false
        var rounds = 0
        var gradsync = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gradsync").path
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--graduates": graduates = Int(arguments.popFirst() ?? "") ?? -1
            case "--json": json = true
            case "--keep": keep = true
            case "--loader-only": loaderOnly = true
            case "--gradsync": gradsync = arguments.popFirst() ?? ""
            case "--rounds": rounds = Int(arguments.popFirst() ?? "") ?? -1
            default:
                FileHandle.standardError.write(Data("usage: bench-sync [--graduates 1000...100000] [--rounds 0...20] [--json] [--keep] [--gradsync PATH] [--loader-only]\n".utf8))
                exit(2)
            }
        }
        guard (1_000...100_000).contains(graduates) else {
            FileHandle.standardError.write(Data("--graduates must be from 1000 to 100000\n".utf8))
            exit(2)
        }
        guard (0...20).contains(rounds) else {
            FileHandle.standardError.write(Data("--rounds must be from 0 (none, the default) to 20\n".utf8))
            exit(2)
        }
        let log: (String) -> Void = { FileHandle.standardError.write(Data("bench-sync: \($0)\n".utf8)) }
        if loaderOnly {
            let root = try TemporaryDirectory()
            defer { root.remove() }
            let result = try LoaderBenchmark.run(graduates: graduates, directory: root, log: log)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        guard FileManager.default.isExecutableFile(atPath: gradsync) else {
            FileHandle.standardError.write(Data("no gradsync binary at \(gradsync); build it or pass --gradsync PATH\n".utf8))
            exit(2)
        }
        let root = try TemporaryDirectory()
        defer { if keep { log("kept \(root.path)") } else { root.remove() } }
        var results: [PhaseResult] = []

        // A small node first: its nothing-new sync is the yardstick that the big one's must equal.
        let smallDirectory = TemporaryDirectory(existing: root.file("small"))
        let small = SyncScenario(gradsync: gradsync, directory: smallDirectory, graduates: 1_000, log: log)
        let smallToken = try small.makeCentral(otherDepartments: [])
        try small.initClient()
        _ = try small.sync(phase: "small pull", token: smallToken, expected: (0, nil), plain: nil)
        // A few edits of its own, so the small replica names as many streams as the big one will.
        let smallBacklog = try small.writeBacklog(1_000..<1_010)
        _ = try small.sync(phase: "small push", token: smallToken, expected: (smallBacklog, 0), plain: nil)
        var smallNothing = try small.sync(phase: "nothing new, 1,000 graduates", token: smallToken, expected: (0, 0), plain: nil)

        let bigDirectory = TemporaryDirectory(existing: root.file("big"))
        let big = SyncScenario(gradsync: gradsync, directory: bigDirectory, graduates: graduates, log: log)
        let token = try big.makeCentral(otherDepartments: [("CS", graduates / 10), ("EE", graduates / 10)])
        try big.initClient()
        let pullBaseline = try big.plainInsertSeconds(0..<graduates)
        results.append(try big.sync(phase: "initial pull of the department", token: token, expected: (0, pullBaseline.rows),
                                    plain: pullBaseline.seconds))

        // A second laptop of the department, filled before the backlog: it takes the first laptop's backlog by pull
        // pages (with the stream tips the node stored and serves, SPEC 7), as a colleague's laptop would. Its own
        // fill finds the department's snapshot built already, as a node keeping its snapshots fresh mostly has it.
        var peer = big
        peer.clientName = "peer"
        try peer.initClient()
        results.append(try peer.sync(phase: "a second fresh laptop, the snapshot already built", token: token,
                                     expected: (0, pullBaseline.rows), plain: pullBaseline.seconds))
        var bootstrapRounds: [BootstrapRounds] = []
        if rounds > 0 {
            for built in [true, false] {
                bootstrapRounds.append(try BootstrapRounds.measure(rounds, snapshotBuilt: built, of: big, token: token,
                                                                   rows: pullBaseline.rows, log: log))
            }
        }

        let backlog = graduates / 5
        let backlogChanges = try big.writeBacklog(graduates..<(graduates + backlog))
        let pushBaseline = try big.plainInsertSeconds(graduates..<(graduates + backlog))
        results.append(try big.sync(phase: "push of a backlog", token: token, expected: (backlogChanges, 0),
                                    plain: pushBaseline.seconds))
        results.append(try peer.sync(phase: "pull of that backlog by another laptop", token: token, expected: (0, backlogChanges),
                                     plain: pushBaseline.seconds))

        var nothing = try big.sync(phase: "nothing new", token: token, expected: (0, 0), plain: nil)
        nothing.phase = "nothing new, \(graduates.formatted()) graduates"
        smallNothing.phase = "nothing new, 1,000 graduates"
        results.append(nothing)
        results.append(smallNothing)

        try big.writeEdits(100)
        results.append(try big.sync(phase: "incremental sync of 100 edits", token: token, expected: (100, 0), plain: nil))

        let report = Report(graduates: graduates, changesPerGraduate: Double(pullBaseline.rows) / Double(graduates),
                            processors: ProcessInfo.processInfo.activeProcessorCount, phases: results, bootstrapRounds: bootstrapRounds)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }
}

/// What one run measured.
struct Report: Codable {
    var graduates: Int
    var changesPerGraduate: Double
    var processors: Int
    var phases: [PhaseResult]
    /// With `--rounds N`: a bootstrap with the snapshot built, then one with the node building it, each beside the
    /// plain inserts N times, alternated.
    var bootstrapRounds: [BootstrapRounds]

    var table: String {
        var lines = [
            "\(graduates.formatted()) graduates of one department (\(String(format: "%.1f", changesPerGraduate)) field changes each), \(processors) cores",
            "",
            "| phase | changes | seconds | changes/s | × plain SQLite | round trips | bytes/change gzip | bytes/change plain | response bytes | client peak MB | node peak MB |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for phase in phases {
            func format(_ value: Double?, _ digits: Int) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "–" }
            lines.append("| \(phase.phase) | \(phase.changes) | \(format(phase.seconds, 2)) | \(format(phase.changesPerSecond, 0)) | "
                + "\(format(phase.ratioToPlainSQLite, 1)) | \(phase.roundTrips) | \(format(phase.bytesPerChangeGzip, 1)) | "
                + "\(format(phase.bytesPerChangeUncompressed, 1)) | \(phase.responseBytes) | \(format(phase.clientPeakMegabytes, 0)) | "
                + "\(format(phase.serverPeakMegabytes, 0)) |")
        }
        if !bootstrapRounds.isEmpty { lines += [""] + bootstrapRounds.map(\.summary) }
        return lines.joined(separator: "\n")
    }
}
