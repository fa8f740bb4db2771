import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// `gradsync serve` stays reachable while thousands of connections are held open silent or slow, and fits its
/// connection cap to the open-file limit.
@Suite(.serialized) struct ConnectionFloodTests {
    /// Connections the flood holds open; half send nothing, half a head that never ends.
    static let flood = 2000

    /// A central node and a department replica `auto` set up to sync with it.
    static func centralAndDepartment(in directory: TemporaryDirectory) throws -> (central: CommandRunner, auto: CommandRunner, token: String) {
        let central = CommandRunner(home: directory.file("central"))
        try #require(try central.run(["init", "--central"]).exitCode == 0)
        let token = try central.run(["token", "issue", "--department", "AUTO"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let auto = CommandRunner(home: directory.file("auto"))
        try #require(try auto.run(["init", "--department", "AUTO"]).exitCode == 0)
        return (central, auto, token)
    }

    static func port(of node: LiveNode) throws -> Int { try #require(node.url.split(separator: ":").last.flatMap { Int($0) }) }

    /// The flood runs against a node whose open-file limit is 1024, soft and hard, as on a host left at defaults:
    /// without timeouts and a cap it stops answering at about 1,000 connections. The test process itself holds all
    /// the connections, so it raises its own soft limit; under a lower hard limit the flood is sized to fit it.
    @Test func nodeAnswersHealthAndSyncsWhileTwoThousandIdleAndSlowConnectionsAreHeld() throws {
        let limit = LoopbackSocket.raiseOpenFileLimit(to: Self.flood + 512)
        let count = min(Self.flood, limit - 512)
        try #require(count > 1100, "the open-file limit (\(limit)) leaves room for too small a flood")
        let directory = try TemporaryDirectory()
        let (central, auto, token) = try Self.centralAndDepartment(in: directory)
        let node = try LiveNode(home: central.home, extraArguments: ["--header-timeout", "2"], ulimit: "-n 1024")
        defer { node.stop() }
        #expect(node.stderr.contains("at most 896 connections (open-file limit 1024)"), "\(node.stderr)")
        let port = try Self.port(of: node)
        let student = RecordID.graduate("2020001", in: "AUTO")
        do {
            let store = try ReplicaStore.open(at: auto.home + "/replica.sqlite")
            try store.write(student, fields: ["name": .string("张三")], mode: .create, author: "a")
            try store.close()
        }

        var held: [LoopbackSocket] = []
        var failures: [String] = []
        var probes = 0
        func probe() {
            probes += 1
            let answer = LoopbackSocket.get("/healthz", port: port, within: 1)
            if answer?.hasPrefix("HTTP/1.1 200") != true || answer?.hasSuffix("ok\n") != true {
                failures.append("/healthz with \(held.count) connections held: \(answer.map { String($0.prefix(60)) } ?? "no answer within 1 s")")
            }
        }
        func sync() {
            let result = try? auto.run(["sync", "--remote", node.url, "--token", token, "--json"])
            if result?.exitCode != 0 { failures.append("sync with \(held.count) connections held: \(result?.stdout ?? "did not run")") }
        }
        defer { held.forEach { $0.close() } }
        for index in 0..<count where failures.count < 5 {
            guard let socket = LoopbackSocket(port: port) else {
                failures.append("connection \(index) was not accepted within 2 s")
                break
            }
            if index.isMultiple(of: 2) { socket.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") }
            held.append(socket)
            if index % 100 == 99 { probe() }
            if index == count / 2 { sync() }
        }
        // Held open: the slow half keeps trickling its heads.
        for round in 0..<10 where failures.count < 5 {
            for (index, socket) in held.enumerated() where index.isMultiple(of: 2) { socket.send("a") }
            probe()
            if round == 5 { sync() }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(probes >= 20)
        let centralStore = try ReplicaStore.open(at: central.home + "/replica.sqlite")
        #expect(try centralStore.records(collection: "graduate").map(\.id) == [student], "the department's record reached the node")
        try centralStore.close()

        // A head trickled a byte every 100 ms is closed after the 2 s header timeout (the idle timeout is 60 s).
        let slow = try #require(LoopbackSocket(port: port))
        slow.send("GET /healthz HTTP/1.1\r\n")
        let started = Date()
        var closed = false
        while !closed, Date().timeIntervalSince(started) < 10 { closed = !slow.send("X") || slow.closedByPeer(within: 0.1) }
        #expect(closed, "a trickled head was still open after 10 s")
        held.forEach { $0.close() }
        #expect(node.stop() == 0, "SIGTERM still stops the node cleanly")
    }

    @Test func serveRaisesTheSoftOpenFileLimitAndFitsTheCapUnderTheHardOne() throws {
        let directory = try TemporaryDirectory()
        let (central, _, _) = try Self.centralAndDepartment(in: directory)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "ulimit -H -n"]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        shell.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let hard = text.hasPrefix("unlimited") ? Int.max : try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        if hard >= 1024 + 128 {
            // Soft 256 under a higher hard limit: serve raises the soft one and keeps the full default cap.
            let raised = try LiveNode(home: central.home, ulimit: "-S -n 256")
            let limits = try String(contentsOfFile: "/proc/\(raised.processIdentifier)/limits", encoding: .utf8)
            let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max open files") })
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(fields.count >= 5 && fields[3] == fields[4], "soft limit raised to the hard one: \(line)")
            #expect(raised.stderr.contains("at most 1024 connections"), "\(raised.stderr)")
            #expect(raised.stop() == 0)
        }
        // A hard limit of 300: the cap is lowered to leave 128 descriptors for the database and new sockets.
        let capped = try LiveNode(home: central.home, extraArguments: ["--max-connections", "5000"], ulimit: "-n 300")
        #expect(capped.stderr.contains("--max-connections lowered to 172: the open-file limit is 300"), "\(capped.stderr)")
        #expect(capped.stop() == 0)
    }

    @Test func serveDocumentsItsLimitsAndRefusesThemOutOfRange() throws {
        let directory = try TemporaryDirectory()
        let (central, _, _) = try Self.centralAndDepartment(in: directory)
        let help = try central.run(["serve", "--help"]).stdout
        for option in ["--idle-timeout", "--header-timeout", "--body-timeout", "--write-stall-timeout", "--max-connections", "open-file limit"] {
            #expect(help.contains(option), "serve --help does not mention \(option)")
        }
        for (option, value) in [("--idle-timeout", "0"), ("--header-timeout", "0.01"), ("--body-timeout", "100000"),
                                ("--write-stall-timeout", "0"), ("--max-connections", "0")] {
            let result = try central.run(["serve", "--port", "0", option, value])
            #expect(result.exitCode == 2, "\(option) \(value)")
            #expect(result.stderr.contains(option), "\(result.stderr)")
        }
    }
}
