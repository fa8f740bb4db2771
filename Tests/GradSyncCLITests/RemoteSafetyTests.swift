import Foundation
import GradSyncTesting
import Testing

/// The token goes to the configured remote only: no redirect is followed. All traffic stays on 127.0.0.1.
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
}
