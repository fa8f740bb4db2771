import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `gradsync` command: an offline-first replica of graduate placement records.
@main
struct GradSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradsync",
        abstract: "Offline-first, peer-synced graduate placement records (毕业去向).",
        discussion: """
            A replica lives in --home DIR, else $GRADSYNC_HOME, else ~/.gradsync.

            Example:
              gradsync init --department AUTO
              gradsync graduate add 2020001 name=张三 gender=1 degree_level=本科 \\
                  grad_year=2024
              gradsync sync --remote https://central.example.edu.cn \\
                  --token-file /etc/gradsync/token
            """,
        subcommands: [
            InitCommand.self,
            GraduateCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            ConflictsCommand.self,
            ReportCommand.self,
            LedgerCommand.self,
            DepartmentCommand.self,
            ServeCommand.self,
            TokenCommand.self,
            RemoteCommand.self,
            SyncCommand.self,
            StatusCommand.self,
            UICommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            VerifyCommand.self,
            AuditCommand.self,
            SchemaCommand.self,
        ]
    )

    /// Parses and runs, mapping argument errors to exit code 2 as the command-line contract fixes it.
    static func main() async {
        // Everything this process creates is its owner's alone (0600 files, 0700 directories) whatever the
        // caller's umask: replicas, backups and exports hold personal information, token files secrets.
        // The files GradSync opens itself also pass mode 0600 explicitly, so neither layer depends on the other.
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            // Exit explicitly: returning from an async main leaves libcurl's and dispatch's threads to wind
            // down, and under heavy load a process was seen spinning there instead of exiting.
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            let arguments = CommandLine.arguments.dropFirst()
            if code == .validationFailure, arguments.first == "sync", arguments.contains("--json") {
                // The contract promises one JSON object on every exit path of `sync --json`, usage errors included.
                let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "usage error"
                try? printJSON(SyncSummary(status: "usage", exitCode: 2, remote: "", error: message, code: "usage"))
                FileHandleOutput.standardError(fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            if code == .validationFailure {
                FileHandleOutput.standardError(fullMessage(for: error) + "\n")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
