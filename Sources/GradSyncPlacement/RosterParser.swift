import Foundation
import GradSyncCore

/// Reads a roster CSV saved from Excel into graduate rows, all or nothing.
///
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

    /// Parses a roster; `encoding` nil detects it (UTF-8 with or without BOM, else GB18030).
    public func parse(_ data: Data, encoding: TextEncoding? = nil) throws(RosterRefusal) -> Roster {
        let chosen = encoding ?? TextEncoding.detect(data)
        guard let text = chosen.decode(data) else {
            throw refusal(RosterIssue(line: 1, column: "", value: "", reason: Messages.notText(encoding: chosen.rawValue)))
        }
        let records: [CSVRecord]
        do { records = try CSVReader.records(in: text) } catch {
            throw refusal(RosterIssue(line: error.line, column: "", value: "", reason: error.reason))
        }
        guard let header = records.first else {
            throw refusal(RosterIssue(line: 1, column: "", value: "", reason: Messages.noHeaderRow))
        }
        let layout = RosterLayout(header: header, departments: departments, defaultDepartment: defaultDepartment)
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
                                          reason: Messages.studentNumberTwice(alsoOn: earlier)))
            } else {
                firstLine[row.studentNumber] = row.line
            }
            rows.append(row)
        }
        guard issues.isEmpty else { throw RosterRefusal(issues: issues, warnings: layout.warnings, notices: notices, rows: rows) }
        return Roster(encoding: chosen, rows: rows, warnings: layout.warnings, notices: notices)
    }

    private func refusal(_ issue: RosterIssue) -> RosterRefusal {
        RosterRefusal(issues: [issue], warnings: [], notices: [], rows: [])
    }
}
