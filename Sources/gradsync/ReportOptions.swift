import ArgumentParser
import Foundation
import GradSyncPlacement
import GradSyncRecords

/// What every report takes: the replica, the output format and an optional department.
struct ReportOptions: ParsableArguments {
    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("table (aligned text), csv (Excel; a cell starting with =, +, -, @, tab or CR gets a ' in front) or json.",
                              valueName: "table|csv|json"))
    var format: ReportFormat = .table

    @Option(help: ArgumentHelp("Only this department's graduates.", valueName: "CODE"))
    var department: String?

    /// The `--format` choices.
    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    /// What a report is computed from: the graduates (not deleted), the ledger entries and the directory.
    struct ReportData {
        var graduates: [GraduateRecord]
        var ledger: [LedgerEntry]
        var departments: DepartmentDirectory
        /// Today in Beijing time by the replica's wall clock: the day the report is as of.
        var today: CalendarDate
    }

    /// Reads the report's data from the replica.
    func load() throws -> ReportData {
        let replica = try homeOptions.openReplica()
        let scope = try replica.department(department)
        let graduates = try replica.graduates(department: scope)
        let ledger = try replica.ledgerEntries(department: scope)
        return ReportData(graduates: graduates, ledger: ledger, departments: try replica.departmentDirectory(), today: replica.today)
    }

    /// Prints the table in the chosen format.
    func render(_ table: ReportTable) {
        switch format {
        case .table: print(table.renderText(), terminator: "")
        case .json: print(table.renderJSON())
        case .csv: FileHandle.standardOutput.write(CSVWriter.data(table.csvRows()) ?? Data())
        }
    }
}
