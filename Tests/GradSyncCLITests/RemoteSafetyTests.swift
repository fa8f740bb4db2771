import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GradSyncTesting
import Testing

/// The token goes to the configured remote only: no redirect is followed, no credentials ride in a
/// remote URL, and plain HTTP over a network is pointed out. All traffic stays on 127.0.0.1.
@Suite struct RemoteSafetyTests {
    let auto: CLIReplica
    let token = "gs1.0123456789abcdef.secret-token-value"

    init() throws {
        auto = try CLIReplica(["--department", "AUTO"])
    }

    /// The one JSON object `sync --json` printed.
    static func object(_ result: CommandRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
    }

    @Test(arguments: [(301, "Moved Permanently"), (302, "Found"), (307, "Temporary Redirect"), (308, "Permanent Redirect")])
    func aRedirectIsAConfigurationErrorAndTheTokenNeverLeavesForItsTarget(_ status: Int, _ reason: String) throws {
        let elsewhere = try CannedHTTPServer(status: 200, reason: "OK")
        let target = elsewhere.url + "/v1/sync/handshake"
        let remote = try CannedHTTPServer(status: status, reason: reason, headers: ["Location": target])
        let result = try auto.run(["sync", "--remote", remote.url, "--token", token, "--json", "--timeout", "30"])
        let object = try Self.object(result)
        #expect(result.exitCode == 2, "\(result.stderr)")
        #expect(object["status"] as? String == "usage")
        #expect(object["code"] as? String == "redirect")
        #expect((object["error"] as? String)?.contains(target) == true, "the error names the target: \(object)")
        #expect(result.stderr.contains(target))
        #expect(elsewhere.requests.isEmpty, "nothing reached the redirect's target: \(elsewhere.requests)")
        #expect(remote.requests.count == 1, "a configuration error is not retried")
        #expect(remote.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(token)" })
    }

    @Test func aRelativeRedirectOnTheSameNodeIsNotFollowedEither() throws {
        let remote = try CannedHTTPServer(status: 308, reason: "Permanent Redirect", headers: ["Location": "/gradsync/v1/sync/handshake"])
        let result = try auto.run(["sync", "--remote", remote.url, "--token", token, "--json", "--timeout", "30"])
        #expect(result.exitCode == 2)
        #expect((try Self.object(result)["error"] as? String)?.contains(remote.url + "/gradsync/v1/sync/handshake") == true)
        #expect(remote.requests.count == 1)
    }

    @Test func remoteSetRefusesAURLWithCredentialsAndDoesNotEchoThePassword() throws {
        let listener = try CannedHTTPServer(status: 200, reason: "OK")
        let url = "http://secretary:hunter2@127.0.0.1:\(listener.port)"
        let result = try auto.run(["remote", "set", url, "--token", token])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("credentials"))
        #expect(result.stderr.contains("***@127.0.0.1"))
        #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
        #expect(!FileManager.default.fileExists(atPath: auto.cli.home + "/settings.json"), "nothing was saved")
        #expect(try auto.run(["remote", "show"]).exitCode == 2)
    }

    @Test(arguments: [true, false])
    func syncRefusesARemoteWithCredentialsFromTheFlagOrTheEnvironment(_ fromFlag: Bool) throws {
        let listener = try CannedHTTPServer(status: 200, reason: "OK")
        let url = "http://secretary:hunter2@127.0.0.1:\(listener.port)"
        let runner = CommandRunner(home: auto.cli.home, environment: fromFlag ? [:] : ["GRADSYNC_REMOTE": url])
        let result = try runner.run(["sync", "--token", token, "--json"] + (fromFlag ? ["--remote", url] : []))
        #expect(result.exitCode == 2)
        let object = try Self.object(result)
        #expect(object["status"] as? String == "usage")
        #expect((object["error"] as? String)?.contains("credentials") == true)
        #expect(!result.stdout.contains("hunter2") && !result.stderr.contains("hunter2"), "\(result.stdout)\(result.stderr)")
        #expect(listener.requests.isEmpty)
    }

    @Test func aSettingsFileHoldingCredentialsIsRedactedWhenShownAndRefusedBySync() throws {
        let listener = try CannedHTTPServer(status: 200, reason: "OK")
        let url = "http://secretary:hunter2@127.0.0.1:\(listener.port)"
        try #"{"remote": "\#(url)", "token": "\#(token)"}"#.write(toFile: auto.cli.home + "/settings.json", atomically: true, encoding: .utf8)

        let shown = try auto.succeed(["remote", "show"])
        #expect(shown.trimmingCharacters(in: .whitespacesAndNewlines) == "http://***@127.0.0.1:\(listener.port)")
        for arguments in [["status"], ["status", "--json"]] {
            let status = try auto.succeed(arguments)
            #expect(status.contains("***@127.0.0.1") && !status.contains("hunter2"), "\(status)")
        }
        let sync = try auto.run(["sync", "--json"])
        #expect(sync.exitCode == 2)
        #expect(!sync.stdout.contains("hunter2") && !sync.stderr.contains("hunter2"))
        #expect(listener.requests.isEmpty)
    }

    /// Holds the replica's sync lock, so a sync stops at exit 6 before any request: the warning is checked
    /// for remotes this test must never contact.
    static func holdingSyncLock<T>(of home: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(home + "/sync.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        return try body()
    }

    @Test(arguments: [
        ("http://gradsync.example.edu.cn", true), ("http://10.1.2.3:8080", true), ("https://gradsync.example.edu.cn", false),
        ("http://127.0.0.1:8080", false), ("http://127.9.9.9", false), ("http://localhost:8080", false), ("http://[::1]:8080", false),
    ])
    func plainHTTPToANonLoopbackHostWarnsOnStderrAndInJSON(_ remote: String, _ warns: Bool) throws {
        let result = try Self.holdingSyncLock(of: auto.cli.home) {
            try auto.run(["sync", "--remote", remote, "--token", token, "--json"])
        }
        #expect(result.exitCode == 6, "\(result.stderr)")
        let warnings = try Self.object(result)["warnings"] as? [String]
        #expect(warnings == (warns ? ["plain_http"] : []))
        #expect(result.stderr.contains("plain HTTP") == warns, "\(result.stderr)")
    }
}
