import Foundation
import GradSyncTesting
import Testing

/// `gradsync ui` as a secretary starts it: the built binary, its printed sign-in URL, loopback only.
@Suite(.serialized) struct UICommandTests {
    /// A running `gradsync ui` and the URL it printed.
    final class Workbench: @unchecked Sendable {
        // Set once in init, read afterwards.
        let process = Process()
        let url: String
        let port: Int
        let token: String

        init(home: String, arguments: [String], environment: [String: String]) throws {
            process.executableURL = URL(fileURLWithPath: CommandRunner.binaryPath)
            process.arguments = ["ui", "--home", home, "--port", "0"] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The URL is the first line on stdout; reading it blocks until the process writes it (or exits).
            var line = Data()
            while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 10 { line.append(first) }
            url = String(decoding: line, as: UTF8.self)
            let pattern = #"^http://127\.0\.0\.1:([0-9]+)/\?token=([0-9a-f]{64})$"#
            guard let match = url.firstMatch(of: try Regex(pattern)), let port = Int(String(match.output[1].substring ?? "")) else {
                process.terminate()
                throw CancellationError()
            }
            self.port = port
            token = String(match.output[2].substring ?? "")
        }

        /// A raw GET with the `Host` given, answered within 10 s.
        func get(_ path: String, host: String) -> String {
            guard let socket = LoopbackSocket(port: port) else { return "" }
            return socket.exchange("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n", within: 10) ?? ""
        }

        deinit {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    @Test func itPrintsAOneTimeSignInURLAndAnswersOnlyItsOwnLoopbackHost() throws {
        let replica = try CLIReplica(["--department", "AUTO"])
        let workbench = try Workbench(home: replica.cli.home, arguments: ["--no-browser"], environment: ["GRADSYNC_AUTHOR": "王老师"])
        let own = "127.0.0.1:\(workbench.port)"
        let path = "/?token=\(workbench.token)"
        for host in ["evil.example:\(workbench.port)", "localhost:\(workbench.port)", "127.0.0.1"] {
            #expect(workbench.get(path, host: host).hasPrefix("HTTP/1.1 421"), "\(host)")
        }
        let signIn = workbench.get(path, host: own)
        #expect(signIn.hasPrefix("HTTP/1.1 303"), "\(signIn)")
        let cookie = try #require(signIn.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") })
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        #expect(workbench.get(path, host: own).hasPrefix("HTTP/1.1 403"), "the token works once")
        let session = cookie.dropFirst("set-cookie: ".count).split(separator: ";")[0]
        let socket = try #require(LoopbackSocket(port: workbench.port))
        let page = socket.exchange("GET / HTTP/1.1\r\nHost: \(own)\r\nCookie: \(session)\r\nConnection: close\r\n\r\n", within: 10) ?? ""
        #expect(page.hasPrefix("HTTP/1.1 200") && page.contains("王老师"), "writes carry $GRADSYNC_AUTHOR, shown in the header")
    }

    @Test func itRunsBesideCommandsAndSyncsOnTheSameReplica() throws {
        let replica = try CLIReplica(["--department", "AUTO"])
        let workbench = try Workbench(home: replica.cli.home, arguments: ["--no-browser"], environment: [:])
        let own = "127.0.0.1:\(workbench.port)"
        let signIn = workbench.get("/?token=\(workbench.token)", host: own)
        let cookie = try #require(signIn.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") })
        let session = cookie.dropFirst("set-cookie: ".count).split(separator: ";")[0]
        // A command writes while the workbench serves, and the workbench reads what it wrote.
        try replica.succeed(["graduate", "add", "2025000009", "name=陈七", "gender=2", "degree_level=本科", "grad_year=2025"])
        let socket = try #require(LoopbackSocket(port: workbench.port))
        let page = socket.exchange("GET /graduates HTTP/1.1\r\nHost: \(own)\r\nCookie: \(session)\r\nConnection: close\r\n\r\n", within: 10) ?? ""
        #expect(page.contains("2025000009") && page.contains("陈七"))
        // The workbench holds the sync lock only while its own sync runs: a cron sync is not locked out (it stops at
        // the missing remote, exit 2, not at the lock, exit 6).
        let sync = try replica.run(["sync"])
        #expect(sync.exitCode == 2, "\(sync.stderr)")
    }

    @Test(arguments: [false, true])
    func itOpensTheBrowserWithXdgOpenUnlessToldNot(_ noBrowser: Bool) throws {
        let replica = try CLIReplica(["--department", "AUTO"])
        // A stand-in xdg-open that records the URL it was given.
        let bin = replica.directory.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let opened = replica.directory.file("opened")
        try "#!/bin/sh\necho \"$1\" > \(opened)\n".write(toFile: bin + "/xdg-open", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/xdg-open")
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let workbench = try Workbench(home: replica.cli.home, arguments: noBrowser ? ["--no-browser"] : [], environment: ["PATH": path])
        if noBrowser {
            Thread.sleep(forTimeInterval: 0.5)
            #expect(!FileManager.default.fileExists(atPath: opened))
        } else {
            let deadline = Date().addingTimeInterval(10)
            while !FileManager.default.fileExists(atPath: opened), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            let given = try String(contentsOfFile: opened, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(given == workbench.url)
        }
    }
}
