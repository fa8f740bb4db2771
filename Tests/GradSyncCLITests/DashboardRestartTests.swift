import Foundation
import GradSyncTesting
import Testing

/// The dashboard's sessions outlive the `gradsync serve` process: stopped and started again on the same replica,
/// the node still knows a signed-in browser, and still refuses one that signed out.
struct DashboardRestartTests {
    /// Runs curl against the node (loopback only) with `input` on stdin; returns the response headers and status.
    static func curl(_ arguments: [String], input: String? = nil) throws -> (status: Int, headers: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-o", "/dev/null", "-D", "-", "--max-time", "20"] + arguments
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let headers = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let status = headers.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, headers)
    }

    /// Signs in through `POST /login` (the token on stdin, never on a command line) and returns the session cookie.
    static func signIn(_ url: String, token: String) throws -> String {
        let (status, headers) = try curl(["-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "@-", url + "/login"],
                                         input: "token=" + token)
        try #require(status == 303, "\(headers)")
        let line = try #require(headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie: gradsync_session=") })
        return String(line.dropFirst("set-cookie: ".count).split(separator: ";")[0])
    }

    /// The page's form token, for signing out as the page's form does.
    static func formToken(_ url: String, cookie: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "20", "-H", "Cookie: " + cookie, url + "/tokens"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let page = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let range = try #require(page.range(of: #"name="form_token" value="[0-9a-f]{64}""#, options: .regularExpression))
        return String(page[range].dropLast().suffix(64))
    }

    @Test func aSignedInBrowserStaysSignedInAcrossARestartOfServe() throws {
        let central = try CLIReplica(["--central"])
        let token = try central.succeed(["token", "issue", "--central", "--label", "就业指导中心"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let first = try LiveNode(home: central.cli.home)
        let kept = try Self.signIn(first.url, token: token)
        let ended = try Self.signIn(first.url, token: token)
        let signOut = try Self.curl(["-H", "Cookie: " + ended, "-H", "Content-Type: application/x-www-form-urlencoded",
                                     "--data-binary", "@-", first.url + "/logout"], input: "form_token=" + Self.formToken(first.url, cookie: ended))
        #expect(signOut.status == 303)
        #expect(try Self.curl(["-H", "Cookie: " + kept, first.url + "/tokens"]).status == 200)
        first.stop()

        let second = try LiveNode(home: central.cli.home)
        defer { second.stop() }
        #expect(try Self.curl(["-H", "Cookie: " + kept, second.url + "/tokens"]).status == 200, "the session outlived the process")
        #expect(try Self.curl(["-H", "Cookie: " + ended, second.url + "/tokens"]).status == 303, "a signed-out session stays out")
        #expect(try Self.curl(["-H", "Cookie: gradsync_session=" + String(repeating: "0", count: 64), second.url + "/tokens"]).status == 303)
    }
}
