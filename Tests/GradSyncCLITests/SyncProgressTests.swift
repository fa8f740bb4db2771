import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// The progress line of `gradsync sync`: drawn on a terminal (a pseudo-terminal made by util-linux `script`)
/// for a long push or pull, and absent with `--json` or when stderr is not a terminal.
@Suite(.serialized) struct SyncProgressTests {
    let directory: TemporaryDirectory
    let central: CommandRunner
    let node: LiveNode
    /// Enough records that each direction expects more changes than the progress threshold.
    static let records = 1200

    init() throws {
        directory = try TemporaryDirectory()
        central = CommandRunner(home: directory.file("central"))
        try #require(try central.run(["init", "--central"]).exitCode == 0)
        node = try LiveNode(home: directory.file("central"))
    }

    /// A department replica of AUTO with a token for the node.
    func department(_ name: String) throws -> CommandRunner {
        let runner = CommandRunner(home: directory.file(name))
        try #require(try runner.run(["init", "--department", "AUTO"]).exitCode == 0)
        let token = try central.run(["token", "issue", "--department", "AUTO"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let tokenFile = directory.file("\(name).token")
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        try #require(try runner.run(["remote", "set", node.url, "--token-file", tokenFile]).exitCode == 0)
        return runner
    }

    /// Runs `gradsync ARGUMENTS` for `runner`'s replica with stdout and stderr on a pseudo-terminal; returns what
    /// the terminal received and the exit status.
    func onTerminal(_ runner: CommandRunner, _ arguments: [String]) throws -> (output: String, exitCode: Int32) {
        let quoted = ([CommandRunner.binaryPath] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", quoted, "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["GRADSYNC_HOME"] = runner.home
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// The progress line for `phase`, with changes, megabytes, rate and time left.
    func progressLine(_ phase: String) throws -> Regex<Substring> {
        try Regex("\(phase) [0-9]+/[0-9]+ changes, (?:[0-9]+ KB|[0-9]+\\.[0-9] MB), [0-9]+ changes/s, about [0-9]+ s left")
    }

    @Test func terminalShowsPushAndPullProgressWhileScriptsSeeExactlyTheSummary() throws {
        let writer = try department("writer")
        let store = try ReplicaStore.open(at: writer.home + "/replica.sqlite")
        let writes = (0..<Self.records).map { index in
            RecordWrite(record: RecordID.graduate(String(2_020_000 + index), in: "AUTO"), fields: ["name": .string("学生\(index)")], mode: .create)
        }
        try store.write(batch: writes, author: "test")

        // A long push on a terminal draws the line (in several pages) and clears it before the summary.
        let push = try onTerminal(writer, ["sync", "--page-size", "200"])
        #expect(push.exitCode == 0, "\(push.output)")
        #expect(push.output.contains(try progressLine("push")), "\(push.output)")
        #expect(push.output.contains("\r\u{1B}[K"), "the line is cleared before the summary")
        #expect(push.output.contains("synced with"))

        // A long pull on a terminal draws it too.
        let reader = try department("reader")
        let pull = try onTerminal(reader, ["sync", "--page-size", "200"])
        #expect(pull.exitCode == 0, "\(pull.output)")
        #expect(pull.output.contains(try progressLine("pull")), "\(pull.output)")

        // With --json on a terminal, the terminal gets the JSON object alone.
        let jsonReader = try department("jsonReader")
        let json = try onTerminal(jsonReader, ["sync", "--json", "--page-size", "200"])
        #expect(json.exitCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect((object?["pulled"] as? Int ?? 0) >= Self.records)
        #expect(!json.output.contains("changes,") && !json.output.contains("\u{1B}"), "\(json.output)")

        // Without a terminal, the same long pull prints the one summary line it always printed.
        let piped = try department("piped")
        let result = try piped.run(["sync", "--page-size", "200"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("gradsync: synced with ") && result.stderr.contains(": pushed 0, pulled \(Self.records), 0 open conflicts\n"), "\(result.stderr)")
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"), "\(result.stderr)")
    }

    @Test func terminalShowsBootstrapProgressWhileScriptsSeeExactlyTheSummary() throws {
        try BootstrapCommandTests.seed(central: central.home)
        let changes = BootstrapCommandTests.records * 5
        let reader = try department("bootstrapReader")
        let bootstrap = try onTerminal(reader, ["sync"])
        #expect(bootstrap.exitCode == 0, "\(bootstrap.output)")
        #expect(bootstrap.output.contains(try progressLine("bootstrap")), "\(bootstrap.output)")
        #expect(bootstrap.output.contains("synced with"))

        // Without a terminal, a bootstrap prints the one summary line a pull prints.
        let piped = try department("bootstrapPiped")
        let result = try piped.run(["sync"])
        #expect(result.exitCode == 0)
        #expect(result.stderr.hasPrefix("gradsync: synced with ") && result.stderr.hasSuffix(": pushed 0, pulled \(changes), 0 open conflicts\n"), "\(result.stderr)")
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"), "\(result.stderr)")
    }
}
