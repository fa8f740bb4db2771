import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync import`: imports a roster (CSV or .xlsx), all or nothing, in one transaction.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a roster (.xlsx, or CSV in UTF-8 or GB18030 as Excel saves it), all or nothing.",
        discussion: """
            Headers are schema field names or the national system's Chinese column names, in any \
            order; unknown columns are reported and not imported. Every row is checked as the record \
            it would make; if any row is bad, every bad row is listed and nothing is written (exit 5). \
            Empty cells leave a field as it is. Importing the same roster again writes nothing. \
            A line break inside a single-line text cell (Alt+Enter in Excel) is folded to a space \
            and reported as a notice with its line and column. \
            Rows of deleted graduates are listed and left alone unless --restore-deleted.

            An .xlsx workbook (recognised by its content) is read from its first visible sheet, or \
            the one named by --sheet, past title rows above the header: numbers holding identifiers \
            read as their digits, date cells as dates (1900 or 1904 date system), a cell merged down \
            a column as its value in every row; problems name the sheet row and cell (C7). Old .xls \
            files, password-protected and oversized workbooks are refused.

            Examples:
              gradsync import 2025届毕业生.csv --dry-run
              gradsync import roster.csv --encoding gb18030
              gradsync import 2025届毕业生.xlsx --sheet 自动化学院
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Argument(help: ArgumentHelp("The roster: an .xlsx workbook or a CSV file.", valueName: "FILE"))
    var file: String

    @Flag(help: "Check the roster and say what would change, writing nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("A CSV's encoding (auto: UTF-8 with or without BOM, else GB18030).", valueName: "auto|utf-8|gb18030"))
    var encoding: RosterEncoding = .auto

    @Option(help: ArgumentHelp("The sheet of an .xlsx workbook to read (default: the first visible one).", valueName: "NAME"))
    var sheet: String?

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

    func run() throws {
        try reportingFailures {
            let replica = try homeOptions.openReplica()
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError.usage("cannot read \(file)")
            }
            switch RosterFormat.detect(data, fileName: file) {
            case .xlsx where encoding != .auto: throw CLIError.usage("\(file) is an .xlsx workbook; --encoding applies to CSV")
            case .csv where sheet != nil: throw CLIError.usage("\(file) is CSV text, which has no sheets; --sheet applies to .xlsx")
            default: break
            }
            let roster: Roster
            do {
                roster = try replica.readRoster(file: data, named: file, encoding: encoding.textEncoding, sheet: sheet)
            } catch let error as RosterRefusal {
                report(error.warnings.map(\.description))
                report(notices: error.notices)
                // The rows that parsed are checked too, so every problem of the roster is listed at once; the import
                // refuses the whole roster whenever the parser found a problem, and writes nothing.
                try replica.importRoster(error.rows, rowIssues: error.issues, restoreDeleted: restoreDeleted, dryRun: true,
                                         author: authorOptions.name)
                throw RecordsError.rosterRefused(error.issues)
            }
            report(roster.warnings.map(\.description))
            report(notices: roster.notices)
            let progress = ProgressLine("checking rows", total: roster.rows.count)
            let outcome: RosterImportOutcome
            do {
                defer { progress.finish() }
                outcome = try replica.importRoster(roster.rows, restoreDeleted: restoreDeleted, dryRun: dryRun,
                                                   author: authorOptions.name, progress: { done, _ in progress.update(done) })
            }
            for row in outcome.skippedDeleted {
                printError(Messages.deletedLeftAlone(line: row.line, studentNumber: row.studentNumber))
            }
            print(summary(outcome, source: roster.sheet.map(Messages.rosterSheet) ?? roster.encoding.rawValue))
        }
    }

    private func report(_ warnings: [String]) {
        for warning in warnings { printError("warning: \(warning)") }
    }

    private func report(notices: [RosterNotice]) {
        for notice in notices { printError("notice: \(notice)") }
    }

    private func summary(_ outcome: RosterImportOutcome, source: String) -> String {
        Messages.importSummary(file: file, source: source, dryRun: dryRun, created: outcome.created, updated: outcome.updated,
                               unchanged: outcome.unchanged, changes: outcome.changes, skippedDeleted: outcome.skippedDeleted.count)
    }
}
