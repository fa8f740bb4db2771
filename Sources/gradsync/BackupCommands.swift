import ArgumentParser
import Foundation
import GradSyncRecords
import GradSyncStore

/// `gradsync backup FILE`: a consistent copy of the replica, taken while it serves.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of this replica (safe while it serves or syncs).",
        discussion: "Example:\n  gradsync backup /backups/gradsync-$(date +%F).sqlite")

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The file to write (must not exist).")
    var file: String

    func run() throws {
        try reportingFailures {
            let store = try homeOptions.replicaHome.openStore()
            guard !FileManager.default.fileExists(atPath: file) else { throw CLIError.usage("\(file) already exists; choose a new file") }
            try store.maintenance.backup(to: file)
            printError("backed up replica \(store.replicaID) (\(try store.changeCount()) changes) to \(file)")
        }
    }
}

/// `gradsync restore FILE`: a new replica from a backup, always under a new replica id.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Create this replica from a backup, under a new replica id.",
        discussion: """
            The backup's replica id is never reused, so the restored replica cannot fork its old stream; \
            what the old id wrote after the backup comes back by the next sync.

            Example:
              gradsync restore /backups/gradsync-2026-11-20.sqlite --home ~/gradsync-auto
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The backup file.")
    var file: String

    func run() throws {
        try reportingFailures {
            let home = homeOptions.replicaHome
            guard FileManager.default.fileExists(atPath: file) else { throw CLIError.usage("no backup file at \(file)") }
            guard !FileManager.default.fileExists(atPath: home.storePath) else {
                throw CLIError.usage("a replica already exists in \(home.directory); restore into a new --home")
            }
            try FileManager.default.createDirectory(atPath: home.directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            home.tightenPermissions()
            let store = try ReplicaMaintenance.restore(backup: file, to: home.storePath, options: home.storeOptions)
            printError("restored \(try store.changeCount()) changes into replica \(store.replicaID) (scope \(store.scope)); run 'gradsync remote set' and 'gradsync sync' next")
        }
    }
}

/// `gradsync verify`: integrity, and the materialised state against the change log.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check SQLite integrity, that the shown state equals what the change log produces, and the signed stream tips.",
        discussion: """
            Exit 0 when healthy, 1 when not. Graduates whose stored department field names another department \
            than the one they belong to are listed too (a record's department is its scope; writes refuse such a \
            value, so only data written before that rule can hold one); they are data to correct, not damage, and \
            do not make the replica unhealthy.

            Example:
              gradsync verify --json
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingFailures {
            let replica = try homeOptions.openReplica()
            let store = replica.store
            let result = try store.maintenance.verify()
            let mismatches = try replica.departmentMismatches().map { "\($0.scope)/\($0.key)" }
            if json {
                try printJSON(VerifyReport(healthy: result.isHealthy, integrity: result.integrity, changes: try store.changeCount(),
                                           extraLines: result.extraLines.count, missingLines: result.missingLines.count,
                                           vectorMatchesLog: result.vectorMatchesLog, departmentMismatches: mismatches,
                                           signedTips: result.tipsChecked, tipProblems: result.tipProblems))
            } else {
                print("integrity       \(result.integrity.joined(separator: "; "))")
                print("state vs log    \(result.extraLines.isEmpty && result.missingLines.isEmpty ? "equal" : "\(result.extraLines.count) extra, \(result.missingLines.count) missing")")
                print("vector vs log   \(result.vectorMatchesLog ? "equal" : "differs")")
                print("signed tips     \(result.tipProblems.isEmpty ? "\(result.tipsChecked) checked against the log and their origins' keys" : result.tipProblems.joined(separator: "; "))")
                print("departments     \(mismatches.isEmpty ? "every graduate's department field agrees with its scope" : "\(mismatches.count) graduate(s) whose department field names another department: \(mismatches.joined(separator: ", "))")")
            }
            if !result.isHealthy {
                printError("the replica is not healthy; keep a copy of the file and restore from a backup")
                throw ExitCode(1)
            }
        }
    }
}

/// The object `verify --json` prints.
struct VerifyReport: Encodable {
    var healthy: Bool
    var integrity: [String]
    var changes: Int
    var extraLines: Int
    var missingLines: Int
    var vectorMatchesLog: Bool
    /// Graduates (`SCOPE/STUDENT_NO`) whose stored department field contradicts their scope.
    var departmentMismatches: [String]
    /// Signed stream tips checked against the log and their origins' keys, and what did not match.
    var signedTips: Int
    var tipProblems: [String]

    enum CodingKeys: String, CodingKey {
        case healthy, integrity, changes, extraLines = "extra_lines", missingLines = "missing_lines", vectorMatchesLog = "vector_matches_log"
        case departmentMismatches = "department_mismatches", signedTips = "signed_tips", tipProblems = "tip_problems"
    }
}
