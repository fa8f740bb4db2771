import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync export`: this replica's graduates as Excel-ready CSV, an .xlsx workbook, or canonical JSON.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export graduates as CSV (for Excel), an .xlsx workbook, or canonical JSON.",
        discussion: """
            JSON is canonical: records sorted by department and student number, keys sorted, no \
            timestamps, so two replicas holding the same changes print the same bytes. Key groups \
            (sensitive) are left out unless --include-sensitive, and such an export is written to the \
            change log's audit trail (who, when, how many), which syncs to the central node. \
            With --include-deleted, deleted graduates carry "deleted": true.

            CSV cells cannot become formulas: a cell starting with =, +, -, @, a tab or a \
            carriage return is written with ' in front (so a name like =HYPERLINK(…) shows as \
            text in Excel, and a negative number from an unknown field as '-3). A cell of digits \
            that Excel would change (a leading zero, or more than 11 digits like a 14-digit 考生号) \
            is written ="…", a constant formula of those digits alone, which Excel shows and saves \
            back as the digits; import reads it back. \
            JSON is written as stored.

            xlsx (needs --output) has the CSV's columns and rows in one sheet, every cell text, so \
            no identifier becomes a number and no cell a formula.

            Examples:
              gradsync export --format csv --encoding gb18030 --output 毕业去向.csv
              gradsync export --format xlsx --output 毕业去向.xlsx
              gradsync export --format json --department AUTO
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: ArgumentHelp("csv (Excel, Chinese headers), xlsx (the same table as a workbook) or json (canonical).",
                               valueName: "csv|xlsx|json"))
    var format: ExportFormat = .csv

    @Option(help: ArgumentHelp("Only this department's graduates.", valueName: "CODE"))
    var department: String?

    @Option(help: ArgumentHelp("Write to this file (mode 0600) instead of stdout.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("The CSV's encoding (JSON is always UTF-8).", valueName: "utf-8|gb18030"))
    var encoding: TextEncoding = .utf8

    @Flag(help: "Include key groups (sensitive personal information); the export is recorded in the audit trail.")
    var includeSensitive = false

    @Flag(help: "Include deleted graduates.")
    var includeDeleted = false

    /// The `--format` choices.
    enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
        case csv, xlsx, json
    }

    func validate() throws {
        if format == .json, encoding != .utf8 { throw ValidationError("JSON is always UTF-8; --encoding applies to CSV") }
        if format == .xlsx, encoding != .utf8 { throw ValidationError("an .xlsx workbook has no text encoding; --encoding applies to CSV") }
        if format == .xlsx, output == nil { throw ValidationError("--format xlsx writes a file: give it with --output FILE") }
    }

    func run() throws {
        try reportingFailures {
            let replica = try homeOptions.openReplica()
            let scope = try replica.department(department)
            let records = try replica.graduateStates(department: scope, includeDeleted: includeDeleted).map { record in
                var graduate = record.graduate
                if record.isDeleted {
                    var fields = graduate.fields
                    fields["deleted"] = .bool(true)
                    graduate = GraduateRecord(department: graduate.department, studentNumber: graduate.studentNumber, fields: fields)
                }
                return graduate
            }
            let exporter = GraduateExporter(includeSensitive: includeSensitive)
            let data: Data
            switch format {
            case .json: data = Data(exporter.json(records).utf8)
            case .csv:
                guard let encoded = exporter.csv(records, encoding: encoding) else {
                    throw CLIError.refused("the records cannot be written in \(encoding.rawValue)")
                }
                data = encoded
            case .xlsx:
                do throws(XLSXError) { data = try exporter.xlsx(records) } catch { throw CLIError.refused(error.reason) }
            }
            if includeSensitive {
                try replica.recordSensitiveExport(author: authorOptions.name, exported: scope?.name ?? replica.store.scope.description,
                                                  count: records.count)
            }
            if let output {
                // Mode 0600 even when it replaces an older file: an export is personal information.
                try OwnerOnlyFile.replaceContents(of: output, with: data)
                printError("exported \(records.count) graduate(s) to \(output)")
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}

extension TextEncoding: ExpressibleByArgument {}
