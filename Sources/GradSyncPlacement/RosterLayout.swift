import GradSyncCore

/// What each column of a roster's header means, and how a record's cells become a row.
struct RosterLayout {
    /// The schema field of each column, nil for unknown columns.
    let fields: [RecordField?]
    /// The header as written.
    let headers: [String]
    /// Problems with the header itself (duplicated fields, no student number, no department).
    private(set) var issues: [RosterIssue] = []
    /// Unknown columns.
    private(set) var warnings: [RosterWarning] = []
    let departments: DepartmentDirectory
    let defaultDepartment: String?
    /// Whether the records are a worksheet's rows, so that issues name cells (`C7`) as well as lines.
    let fromSheet: Bool

    init(header: CSVRecord, departments: DepartmentDirectory, defaultDepartment: String?, fromSheet: Bool = false) {
        self.departments = departments
        self.defaultDepartment = defaultDepartment
        self.fromSheet = fromSheet
        headers = header.fields.map(\.trimmingSpaces)
        var fields = headers.map { GraduateSchema.field(forColumn: $0) }
        // Several names of one field (手机号码 and 联系电话, as the national system's export has both): the field's
        // first-listed name is read and the others are reported and left out. The same name twice is refused, and so
        // is a second column for the student number or the department.
        var chosen: [String: Int] = [:]
        for (index, field) in fields.enumerated() {
            guard let field else { continue }
            guard let earlier = chosen[field.name] else {
                chosen[field.name] = index
                continue
            }
            // The record's key and scope must be unambiguous: two columns for either are refused, whatever their names.
            if headers[earlier] == headers[index] || Self.identifying.contains(field.name) {
                issues.append(RosterIssue(line: header.line, column: headers[index], value: "",
                                          reason: "one column per field; '\(headers[earlier])' already means \(field.name)",
                                          cell: fromSheet ? XLSXSheet.columnName(index) + String(header.line) : nil))
                continue
            }
            let (kept, dropped) = Self.preference(field, headers[earlier]) <= Self.preference(field, headers[index])
                ? (earlier, index) : (index, earlier)
            chosen[field.name] = kept
            fields[dropped] = nil
            warnings.append(RosterWarning(column: headers[dropped],
                                          message: "not imported: column '\(headers[kept])' gives \(field.name) (\(field.label)) already"))
        }
        self.fields = fields
        var seen: [String: String] = [:]
        for (column, field) in zip(headers, fields) {
            if let field {
                seen[field.name] = column
            } else if !warnings.contains(where: { $0.column == column }) {
                warnings.append(RosterWarning(column: column, message: Self.notStored[column] ?? "not a known column; its cells are not imported"))
            }
        }
        if seen["student_no"] == nil {
            issues.append(RosterIssue(line: header.line, column: "学号", value: "", reason: "a 学号 (student_no) column"))
        }
        if seen["department"] == nil, defaultDepartment == nil {
            issues.append(RosterIssue(line: header.line, column: "学院", value: "",
                                      reason: "a 学院 (department) column, since this replica has no department of its own"))
        }
    }

    /// Columns of the national system's export that GradSync knows and does not keep, with the reason.
    static let notStored: [String: String] = [
        "身份证号": "national ID numbers are not needed for placement and are not stored (personal information kept to what is needed); its cells are not imported",
    ]

    /// The fields that identify a row's record: never read from one of two columns.
    static let identifying: Set<String> = ["student_no", "department"]

    /// How much a header is preferred among the names of its field: the schema name, then its columns in order.
    static func preference(_ field: RecordField, _ header: String) -> Int {
        header == field.name ? -1 : field.columns.firstIndex(of: header) ?? field.columns.count
    }

    /// The reference of the cell in column `index` of sheet row `line` (`C7`), or nil for CSV.
    func cell(_ index: Int, _ line: Int) -> String? {
        fromSheet ? XLSXSheet.columnName(index) + String(line) : nil
    }

    /// The header of the student-number column, for messages.
    var studentNumberHeader: String {
        zip(headers, fields).first { $0.1?.name == "student_no" }?.0 ?? "学号"
    }

    /// The row a record makes, or nil and the issues of its bad cells; and the notices of cells folded on the way.
    ///
    /// A line break inside a cell of a single-line text field (Alt+Enter in an employer's name) is folded to one
    /// space and noticed; anywhere else it stays, and the field's check refuses it.
    func row(from record: CSVRecord, codes: CodeSet) -> (row: RosterRow?, issues: [RosterIssue], notices: [RosterNotice]) {
        var values: [String: FieldValue] = [:]
        var cells: [String: String] = [:]
        var department = defaultDepartment
        var issues: [RosterIssue] = []
        var notices: [RosterNotice] = []
        var departmentRefused = false
        let input = FieldInput(.rosterCell, codes: codes)
        if record.fields.count > headers.count, record.fields[headers.count...].contains(where: { !$0.trimmingSpaces.isEmpty }) {
            issues.append(RosterIssue(line: record.line, column: "", value: "",
                                      reason: "at most \(headers.count) cells, as many as the header has", cell: cell(headers.count, record.line)))
        }
        for (index, cell) in record.fields.prefix(headers.count).enumerated() {
            var text = cell
            if case .text? = fields[index]?.kind {
                let folded = RosterNotice.foldingLineBreaks(cell)
                if folded.breaks > 0 {
                    text = folded.text
                    notices.append(RosterNotice(line: record.line, column: headers[index],
                                                message: "\(folded.breaks) line break(s) inside the cell folded to a space each"))
                }
            }
            guard let field = fields[index], !text.trimmingSpaces.isEmpty else { continue }
            cells[field.name] = self.cell(index, record.line)
            if field.name == "department" {
                let name = text.trimmingSpaces
                if let code = departments.code(for: name) {
                    department = code
                } else {
                    departmentRefused = true
                    issues.append(RosterIssue(line: record.line, column: headers[index], value: name, reason: departments.allowedDescription,
                                              cell: cells[field.name]))
                }
                continue
            }
            do {
                values[field.name] = try input.value(text, for: field)
            } catch {
                issues.append(RosterIssue(line: record.line, column: headers[index], value: error.value, reason: error.allowed,
                                          cell: cells[field.name]))
            }
        }
        if values["student_no"] == nil, !issues.contains(where: { $0.column == studentNumberHeader }) {
            issues.append(RosterIssue(line: record.line, column: studentNumberHeader, value: "", reason: "a student number in every row"))
        }
        if department == nil, !departmentRefused {
            issues.append(RosterIssue(line: record.line, column: "学院", value: "", reason: departments.allowedDescription))
        }
        guard issues.isEmpty, let department else { return (nil, issues, notices) }
        return (RosterRow(line: record.line, department: department, fields: values, cells: cells), [], notices)
    }
}
