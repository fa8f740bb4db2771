import Foundation
import GradSyncCore

/// Reads a roster — a CSV saved from Excel, or an .xlsx workbook's sheet — into graduate rows, all or nothing.
///
/// Both formats go the same way once their rows are read: a sheet's rows are what `XLSXReader` gives (numbers
/// holding identifiers as their digits, date cells as dates), with each problem naming its sheet row and cell; title
/// rows above a sheet's header (one cell naming no column) are passed over with a warning.
/// Headers may be schema field names or Chinese column names, in any order; unknown columns are
/// reported as warnings. A line break inside a single-line text cell is folded to a space and reported as a notice. Every cell is read by `FieldInput` (trimmed, full-width digits folded, names of codes and other date forms accepted) and checked on its own (type, format, code list), the 学院 cell
/// against the department directory, and student numbers must be unique. Rules across fields need
/// the stored record, so the caller checks them on the merged result (`RosterRow.issues(for:)`).
///
/// ```swift
/// let parser = RosterParser(departments: DepartmentDirectory(["AUTO": "自动化学院"]))
/// let roster = try parser.parse(data)   // throws RosterRefusal listing every bad row
/// ```
public struct RosterParser: Sendable {
    /// The departments a 学院 cell may name.
    public let departments: DepartmentDirectory
    /// The department of rows when the roster has no 学院 column (a department replica's own).
    public let defaultDepartment: String?
    /// The code lists cells are checked against.
    public let codes: CodeSet

    /// Makes a parser.
    public init(departments: DepartmentDirectory, defaultDepartment: String? = nil, codes: CodeSet = .latest) {
        self.departments = departments
        self.defaultDepartment = defaultDepartment
        self.codes = codes
    }

    /// Parses a roster file of either format (`RosterFormat.detect`): the entry point of every front end.
    ///
    /// `encoding` (nil: detect) applies to CSV; `sheet` (nil: the first) and `limits` to a workbook.
    public func parse(file data: Data, named fileName: String?, encoding: TextEncoding? = nil, sheet: String? = nil,
                      limits: XLSXLimits = XLSXLimits()) throws(RosterRefusal) -> Roster {
        switch RosterFormat.detect(data, fileName: fileName) {
        case .csv: return try parse(data, encoding: encoding)
        case .xlsx: return try parseWorkbook(data, sheet: sheet, limits: limits)
        }
    }

    /// Parses one sheet of an .xlsx workbook (the first when `sheet` is nil).
    public func parseWorkbook(_ data: Data, sheet: String? = nil, limits: XLSXLimits = XLSXLimits()) throws(RosterRefusal) -> Roster {
        let read: XLSXSheet
        do { read = try XLSXReader(limits: limits).sheet(in: data, named: sheet) } catch {
            throw refusal(.file(error.reason))
        }
        // Rows whose cells are all empty are left out, as blank lines of a CSV are.
        var records = read.rows.filter { $0.cells.contains { !$0.trimmingSpaces.isEmpty } }
            .map { CSVRecord(line: $0.number, fields: $0.cells) }
        let titles = Self.titleRows(records)
        records.removeFirst(titles.count)
        var roster = try parse(records, encoding: .utf8, fromSheet: true, skipped: titles)
        roster.sheet = read.name
        return roster
    }

    /// The rows above a sheet's header that only title it (`2025届毕业生名单`, one cell, often merged across):
    /// each with a single filled cell that names no column. A CSV has no such rows.
    static func titleRows(_ records: [CSVRecord]) -> [RosterWarning] {
        var titles: [RosterWarning] = []
        for record in records {
            let filled = record.fields.map(\.trimmingSpaces).filter { !$0.isEmpty }
            guard filled.count == 1, GraduateSchema.field(forColumn: filled[0]) == nil else { break }
            titles.append(RosterWarning(column: filled[0], message: Messages.titleRow(record.line)))
        }
        return titles
    }

    /// Parses a roster CSV; `encoding` nil detects it (UTF-8 with or without BOM, else GB18030).
    public func parse(_ data: Data, encoding: TextEncoding? = nil) throws(RosterRefusal) -> Roster {
        let chosen = encoding ?? TextEncoding.detect(data)
        guard let text = chosen.decode(data) else {
            throw refusal(.file(Messages.notText(encoding: chosen.rawValue)))
        }
        let records: [CSVRecord]
        do { records = try CSVReader.records(in: text) } catch {
            throw refusal(RosterIssue(line: error.line, column: "", value: "", reason: error.reason))
        }
        // Identifiers exported as `="0212001"` (so that Excel keeps them) are read as their digits.
        let unwrapped = records.map { record in
            CSVRecord(line: record.line, fields: record.fields.map { CSVWriter.textFormulaContent($0) ?? $0 })
        }
        return try parse(unwrapped, encoding: chosen, fromSheet: false)
    }

    /// Parses a roster's records, the header first, whichever format they were read from.
    private func parse(_ records: [CSVRecord], encoding chosen: TextEncoding, fromSheet: Bool,
                       skipped: [RosterWarning] = []) throws(RosterRefusal) -> Roster {
        guard let header = records.first else {
            throw refusal(.file(Messages.noHeaderRow))
        }
        let layout = RosterLayout(header: header, departments: departments, defaultDepartment: defaultDepartment, fromSheet: fromSheet)
        var issues = layout.issues
        var notices: [RosterNotice] = []
        var rows: [RosterRow] = []
        var firstLine: [String: Int] = [:]
        for record in records.dropFirst() {
            let (row, rowIssues, rowNotices) = layout.row(from: record, codes: codes)
            issues += rowIssues
            notices += rowNotices
            guard let row else { continue }
            if let earlier = firstLine[row.studentNumber] {
                issues.append(RosterIssue(line: row.line, column: layout.studentNumberHeader, value: row.studentNumber,
                                          reason: Messages.studentNumberTwice(alsoOn: earlier),
                                          cell: row.cells["student_no"]))
            } else {
                firstLine[row.studentNumber] = row.line
            }
            rows.append(row)
        }
        let warnings = skipped + layout.warnings
        guard issues.isEmpty else { throw RosterRefusal(issues: issues, warnings: warnings, notices: notices, rows: rows) }
        return Roster(encoding: chosen, rows: rows, warnings: warnings, notices: notices)
    }

    private func refusal(_ issue: RosterIssue) -> RosterRefusal {
        RosterRefusal(issues: [issue], warnings: [], notices: [], rows: [])
    }
}
