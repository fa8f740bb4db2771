import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// `gradsync import`: imports a roster CSV, all or nothing, in one transaction.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a roster CSV (UTF-8 or GB18030, as Excel saves it), all or nothing.",
        discussion: """
            Headers are schema field names or the national system's Chinese column names, in any \
            order; unknown columns are reported and not imported. Every row is checked as the record \
            it would make; if any row is bad, every bad row is listed and nothing is written (exit 5). \
            Empty cells leave a field as it is. Importing the same roster again writes nothing. \
            A line break inside a single-line text cell (Alt+Enter in Excel) is folded to a space \
            and reported as a notice with its line and column. \
            Rows of deleted graduates are listed and left alone unless --restore-deleted.

            Examples:
              gradsync import 2025届毕业生.csv --dry-run
              gradsync import roster.csv --encoding gb18030
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Argument(help: ArgumentHelp("The roster CSV file.", valueName: "FILE"))
    var file: String

    @Flag(help: "Check the roster and say what would change, writing nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("The file's encoding (auto: UTF-8 with or without BOM, else GB18030).", valueName: "auto|utf-8|gb18030"))
    var encoding: RosterEncoding = .auto

    @Flag(help: "Restore deleted graduates the roster lists, and update them.")
    var restoreDeleted = false

    /// The `--encoding` choices.
    enum RosterEncoding: String, ExpressibleByArgument, CaseIterable {
        case auto
        case utf8 = "utf-8"
        case gb18030

        var textEncoding: TextEncoding? {
            switch self {
            case .auto: return nil
            case .utf8: return .utf8
            case .gb18030: return .gb18030
            }
        }
    }

    func run() async throws {
        try await reportingFailures {
            let replica = try ReplicaContext(homeOptions)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.usage("cannot read \(file)")
            }
            var directory = try replica.departmentDirectory().names
            if let own = replica.ownDepartment, directory[own.name] == nil { directory[own.name] = own.name }
            let parser = RosterParser(departments: DepartmentDirectory(directory), defaultDepartment: replica.ownDepartment?.name)
            let roster: Roster
            do throws(RosterRefusal) {
                roster = try parser.parse(data, encoding: encoding.textEncoding)
            } catch {
                report(error.warnings.map(\.description))
                report(notices: error.notices)
                let plan = try RosterImport(error.rows, replica: replica, restoreDeleted: restoreDeleted)
                throw refusal(error.issues + plan.issues)
            }
            report(roster.warnings.map(\.description))
            report(notices: roster.notices)
            let plan = try RosterImport(roster.rows, replica: replica, restoreDeleted: restoreDeleted)
            report(plan.warnings)
            guard plan.issues.isEmpty else { throw refusal(plan.issues) }
            for row in plan.skippedDeleted {
                printError("line \(row.line): graduate \(row.studentNumber) is deleted; left alone (pass --restore-deleted to restore and update it)")
            }
            if !dryRun, plan.writes.count >= ProgressLine.threshold, isatty(STDERR_FILENO) == 1 {
                FileHandleOutput.standardError("writing \(plan.writes.count) records…\n")
            }
            let written = try replica.store.write(batch: plan.writes, author: authorOptions.name, dryRun: dryRun)
            print(summary(plan, written: written, encoding: roster.encoding))
        }
    }

    /// The whole roster refused: every bad cell and every broken record rule, in line order.
    private func refusal(_ issues: [RosterIssue]) -> CLIError {
        let sorted = issues.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        return .refused("the roster was refused (nothing imported): \(sorted.count) problem(s)\n"
            + sorted.map { "  \($0)" }.joined(separator: "\n"))
    }

    private func report(_ warnings: [String]) {
        for warning in warnings { printError("warning: \(warning)") }
    }

    private func report(notices: [RosterNotice]) {
        for notice in notices { printError("notice: \(notice)") }
    }

    private func summary(_ plan: RosterImport, written: [[Change]], encoding: TextEncoding) -> String {
        var created = 0, updated = 0, unchanged = 0
        for (changes, existed) in zip(written, plan.existed) {
            if changes.isEmpty { unchanged += 1 } else if existed { updated += 1 } else { created += 1 }
        }
        let changes = written.reduce(0) { $0 + $1.count }
        let figures = "created \(created), updated \(updated), unchanged \(unchanged), changes written \(changes)"
            + (plan.skippedDeleted.isEmpty ? "" : ", skipped (deleted) \(plan.skippedDeleted.count)")
        return dryRun ? "dry run of \(file) (\(encoding.rawValue)), nothing written: would have \(figures)"
                      : "imported \(file) (\(encoding.rawValue)): \(figures)"
    }
}
