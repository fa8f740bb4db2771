import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords

/// What every report takes: the replica, the output format, an optional department and the cohort.
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

    @Option(help: ArgumentHelp("The cohort (毕业年份, 届) counted; default the latest held.", valueName: "YEAR"))
    var gradYear: Int?

    @Option(help: ArgumentHelp("Count what this node knew at the end of this day, Beijing time (its change log and receive times).",
                              valueName: "YYYY-MM-DD"))
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(asOf) == nil {
            throw ValidationError("--as-of: '\(asOf)' is not a date; give YYYY-MM-DD, e.g. 2024-08-31")
        }
    }

    /// What a report is computed from: the replica, the department and cohort asked for, and the directory.
    struct ReportData {
        /// The replica counted: this one, or with --as-of a copy holding what this node had received by then.
        var replica: PlacementReplica
        /// The copy made for --as-of, removed when the report is done.
        var snapshot: PlacementSnapshot?
        var department: Scope?
        /// The cohort counted: the one asked for, else the latest held (nil when the replica holds no graduate).
        var cohort: Int?
        var departments: DepartmentDirectory
        /// Today in Beijing time by the replica's wall clock: the day the report is as of.
        var today: CalendarDate

        /// The graduates of the department and cohort, counted in SQL by the values of `fields`.
        func groups(_ fields: [String], cohort other: Int? = nil) throws -> [GraduateGroup] {
            try replica.graduateGroups(reading: fields, department: department, cohort: other ?? cohort)
        }

        /// The live ledger entries of the department.
        func ledger() throws -> [LedgerEntry] {
            try replica.ledgerEntries(department: department)
        }
    }

    /// Opens the replica (with --as-of, a copy of what it knew then) and settles the department and the cohort; reads
    /// no graduate.
    func load() throws -> ReportData {
        let current = try homeOptions.openReplica()
        let scope = try current.department(department)
        var snapshot: PlacementSnapshot?
        var replica = current
        var today = current.today
        if let asOf, let day = CalendarDate(asOf) {
            let made = try PlacementSnapshot(of: current, asOf: day)
            snapshot = made
            replica = made.replica
            today = day
        }
        let cohort = try gradYear ?? replica.cohorts(department: scope).last
        return ReportData(replica: replica, snapshot: snapshot, department: scope, cohort: cohort,
                          departments: try replica.departmentDirectory(), today: today)
    }

    /// Prints the table in the chosen format.
    func render(_ table: ReportTable) {
        switch format {
        case .table: print(table.renderText(), terminator: "")
        case .json: print(table.renderJSON())
        case .csv: FileHandle.standardOutput.write(table.csvData())
        }
    }
}
