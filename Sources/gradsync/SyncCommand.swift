import ArgumentParser
import Foundation
import GradSyncStore
import GradSyncSync

/// `gradsync sync`: one full sync with the remote, for people and for cron.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Push what the remote lacks and pull what this replica lacks.",
        discussion: """
            Exit codes:
              0  synced
              1  internal error
              2  usage or configuration
              3  remote unreachable or timed out (retry later)
              4  authentication or authorization refused
              5  data refused
              6  another sync of this replica is running

            With --json, stdout is exactly one JSON object on every exit path.

            Examples:
              gradsync sync
              gradsync sync --remote https://gradsync.example.edu.cn \\
                  --token-file /etc/gradsync/auto.token --json --timeout 300
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: "The node to sync with (default: $GRADSYNC_REMOTE, else 'remote set').")
    var remote: String?

    @Option(help: "The bearer token (default: $GRADSYNC_TOKEN, else 'remote set').")
    var token: String?

    @Option(help: ArgumentHelp("A file holding the bearer token.", valueName: "FILE"))
    var tokenFile: String?

    @Flag(help: "Print one JSON summary on stdout.")
    var json = false

    @Option(help: "Bound on the whole run, in seconds.")
    var timeout: Double = 600

    @Option(help: "Changes per page (at most the node's max_page_changes, 5000).")
    var pageSize = WireProtocol.maxPageChanges

    func run() async throws {
        let started = ContinuousClock.now
        var summary = SyncSummary(remote: remote.map(RemoteAddress.redacted) ?? "")
        let code = await perform(&summary, started: started)
        summary.durationMilliseconds = Int((ContinuousClock.now - started).components.seconds * 1000
            + (ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000)
        summary.exitCode = code
        if json { try printJSON(summary) }
        if code != 0 { throw ExitCode(code) }
    }

    /// Runs the sync and fills the summary; returns the exit code.
    private func perform(_ summary: inout SyncSummary, started: ContinuousClock.Instant) async -> Int32 {
        func fail(_ failure: CommandFailure) -> Int32 {
            summary.status = failure.status
            summary.code = failure.code
            summary.error = failure.message
            printError(failure.message)
            return failure.exitCode
        }
        guard timeout > 0, timeout <= 86_400, pageSize > 0, pageSize <= WireProtocol.maxPageChanges else {
            return fail(CommandFailure(exitCode: 2, code: "usage", message: "--timeout must be in (0, 86400] seconds and --page-size in 1...\(WireProtocol.maxPageChanges)"))
        }
        let home = homeOptions.replicaHome
        let store: ReplicaStore
        let target: RemoteAddress
        let token: String
        do {
            store = try await home.openStoreAsync()
            (target, token) = try resolveTarget(home)
        } catch {
            return fail(CommandFailure(error))
        }
        summary.remote = target.url.absoluteString
        if target.isPlainHTTPOverNetwork {
            // Said before the lock and the first request, so every run against such a remote says it.
            summary.warnings.append("plain_http")
            printError("warning: syncing with \(target.url.host ?? "the remote") over plain HTTP: the token and the records cross the network unencrypted; use https://")
        }
        let lock: SyncLock
        do {
            guard let taken = try SyncLock(path: home.lockPath) else {
                return fail(CommandFailure(exitCode: 6, code: "locked", message: "another sync of this replica is running; skipping this run"))
            }
            lock = taken
        } catch {
            return fail(CommandFailure(exitCode: 2, code: "usage", message: "\(error)"))
        }
        defer { withExtendedLifetime(lock) {} }
        let transport = HTTPTransport(baseURL: target.url, token: token, deadline: started + .milliseconds(Int64(timeout * 1000)))
        let line = SyncProgressLine(json: json)
        let report = await withTaskGroup(of: SyncReport?.self) { group in
            group.addTask { await SyncClient(store: store, transport: transport, pageSize: pageSize, progress: line.update).run() }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64(timeout * 1000) + 2_000))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        line.finish()
        guard let report else {
            return fail(CommandFailure(exitCode: 3, code: "timeout", message: "the sync ran past its --timeout of \(timeout) s; committed pages stay committed"))
        }
        summary.pushed = report.pushed
        summary.pulled = report.pulled
        summary.warnings += report.warnings.map(\.code)
        for warning in report.warnings { printError("warning: \(warning.message)") }
        summary.conflicts = (try? await store.conflictsAsync().count) ?? 0
        if let failure = report.failure {
            return fail(CommandFailure(failure))
        }
        summary.status = "ok"
        if !json { printError("synced with \(target.url.absoluteString): pushed \(report.pushed), pulled \(report.pulled), \(summary.conflicts) open conflicts") }
        return 0
    }

    /// The remote and token from flags, then the environment, then the settings file (the workbench's "sync now"
    /// reads them this way too).
    func resolveTarget(_ home: ReplicaHome) throws -> (RemoteAddress, String) {
        let environment = ProcessInfo.processInfo.environment
        let settings = try home.loadSettings()
        guard let remoteText = remote ?? environment["GRADSYNC_REMOTE"] ?? settings.remote else {
            throw CLIError.usage("no remote: pass --remote URL, set GRADSYNC_REMOTE, or run 'gradsync remote set URL --token-file F'")
        }
        let address = try RemoteAddress(remoteText)
        if token != nil && tokenFile != nil { throw CLIError.usage("give at most one of --token and --token-file") }
        let fileToken = try (tokenFile ?? (token == nil && environment["GRADSYNC_TOKEN"] == nil ? settings.tokenFile : nil)).map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError.usage("cannot read the token file \(path)") }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let secret = token ?? fileToken ?? environment["GRADSYNC_TOKEN"] ?? settings.token, !secret.isEmpty else {
            throw CLIError.usage("no token: pass --token-file F (or --token T), set GRADSYNC_TOKEN, or run 'gradsync remote set URL --token-file F'")
        }
        return (address, secret)
    }
}

/// The one JSON object `gradsync sync --json` prints, on every exit path.
struct SyncSummary: Encodable {
    var status = "error"
    var exitCode: Int32 = 1
    var remote: String
    var pushed = 0
    var pulled = 0
    var conflicts = 0
    var warnings: [String] = []
    var durationMilliseconds = 0
    var error: String?
    var code: String?

    enum CodingKeys: String, CodingKey {
        case status, exitCode = "exit_code", remote, pushed, pulled, conflicts, warnings, durationMilliseconds = "duration_ms", error, code
    }
}
