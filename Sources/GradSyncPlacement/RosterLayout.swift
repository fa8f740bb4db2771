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

    init(header: CSVRecord, departments: DepartmentDirectory, defaultDepartment: String?) {
        self.departments = departments
        self.defaultDepartment = defaultDepartment
        headers = header.fields.map(\.trimmingSpaces)
        fields = headers.map { GraduateSchema.field(forColumn: $0) }
        var seen: [String: String] = [:]
        for (column, field) in zip(headers, fields) {
            guard let field else {
                warnings.append(RosterWarning(column: column, message: "not a known column; its cells are not imported"))
                continue
            }
            if let earlier = seen[field.name] {
                issues.append(RosterIssue(line: header.line, column: column, value: "",
                                          reason: "one column per field; '\(earlier)' already means \(field.name)"))
            }
            seen[field.name] = column
        }
        if seen["student_no"] == nil {
            issues.append(RosterIssue(line: header.line, column: "学号", value: "", reason: "a 学号 (student_no) column"))
        }
        if seen["department"] == nil, defaultDepartment == nil {
            issues.append(RosterIssue(line: header.line, column: "学院", value: "",
                                      reason: "a 学院 (department) column, since this replica has no department of its own"))
        }
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
        var department = defaultDepartment
        var issues: [RosterIssue] = []
        var notices: [RosterNotice] = []
        var departmentRefused = false
        let input = FieldInput(.rosterCell, codes: codes)
        if record.fields.count > headers.count, record.fields[headers.count...].contains(where: { !$0.trimmingSpaces.isEmpty }) {
            issues.append(RosterIssue(line: record.line, column: "", value: "",
                                      reason: "at most \(headers.count) cells, as many as the header has"))
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
            if field.name == "department" {
                let name = text.trimmingSpaces
                if let code = departments.code(for: name) {
                    department = code
                } else {
                    departmentRefused = true
                    issues.append(RosterIssue(line: record.line, column: headers[index], value: name, reason: departments.allowedDescription))
                }
                continue
            }
            do {
                values[field.name] = try input.value(text, for: field)
            } catch {
                issues.append(RosterIssue(line: record.line, column: headers[index], value: error.value, reason: error.allowed))
            }
        }
        if values["student_no"] == nil, !issues.contains(where: { $0.column == studentNumberHeader }) {
            issues.append(RosterIssue(line: record.line, column: studentNumberHeader, value: "", reason: "a student number in every row"))
        }
        if department == nil, !departmentRefused {
            issues.append(RosterIssue(line: record.line, column: "学院", value: "", reason: departments.allowedDescription))
        }
        guard issues.isEmpty, let department else { return (nil, issues, notices) }
        return (RosterRow(line: record.line, department: department, fields: values), [], notices)
    }
}
