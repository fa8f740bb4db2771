import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync graduate list`: the graduates of this replica, filtered, as an aligned table or JSON.
struct GraduateListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List graduates, optionally filtered.",
        discussion: """
            --where compares a field with a value read as 'graduate set' reads it (FIELD= matches an \
            empty field); --search finds text in any shown field. --grad-year keeps one cohort (届); \
            --unplaced keeps graduates whose destination does not count as placed: 70 and its \
            sub-codes, 71, 72, an unlisted code, or none. Key groups are left out unless \
            --include-sensitive.

            Examples:
              gradsync graduate list --grad-year 2024 --unplaced
              gradsync graduate list --department AUTO --search 自动化 --json
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("Only this department's graduates.", valueName: "CODE"))
    var department: String?

    @Option(help: ArgumentHelp("Only graduates with this text in a shown field.", valueName: "TEXT"))
    var search: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("Only graduates whose field has this value (repeatable).", valueName: "FIELD=VALUE"))
    var conditions: [String] = []

    @Option(help: ArgumentHelp("Only this cohort (毕业年份).", valueName: "YEAR"))
    var gradYear: Int?

    @Flag(help: "Only graduates without a counted destination (70, 701, 71, 72 …, or none).")
    var unplaced = false

    @Flag(help: "List deleted graduates too.")
    var includeDeleted = false

    @Flag(help: "Show sensitive fields (key groups).")
    var includeSensitive = false

    @Flag(help: "Print one JSON list.")
    var json = false

    func validate() throws {
        try FieldAssignments.checkSyntax(conditions)
    }

    func run() throws {
        try reportingFailures {
            let replica = try homeOptions.openReplica()
            let scope = try replica.department(department)
            let wanted = try FieldAssignments(schema: GraduateSchema.fields, reserved: [:]).values(conditions)
            if let name = wanted.keys.first(where: FieldDisplay.isSensitive), !includeSensitive {
                throw CLIError.usage("filtering by \(name) (sensitive) needs --include-sensitive")
            }
            let records = try replica.graduateStates(department: scope, includeDeleted: includeDeleted).filter { record in
                matches(record, wanted) && (search.map { contains(record, $0) } ?? true)
                    && (gradYear.map { record.fields["grad_year"] == .integer(Int64($0)) } ?? true)
                    && (!unplaced || !record.graduate.isPlaced())
            }
            if json {
                FieldDisplay.printJSON(.list(records.map(jsonObject)))
            } else {
                let departments = try replica.departmentDirectory()
                print(FieldDisplay.table(columns, records.map { row($0, departments: departments) }), terminator: "")
                print("\(records.count) graduate(s)")
            }
        }
    }

    private func shown(_ record: RecordState) -> [String: FieldValue] {
        record.fields.filter { includeSensitive || !FieldDisplay.isSensitive($0.key) }
    }

    private func matches(_ record: RecordState, _ wanted: [String: FieldValue]) -> Bool {
        wanted.allSatisfy { name, value in
            if name == "department" { return value.stringValue == record.id.scope.name }
            let held = record.fields[name] ?? .null
            if case .list(let items) = value, case .list(let heldItems) = held {
                return items.allSatisfy(heldItems.contains)
            }
            return held == value
        }
    }

    private func contains(_ record: RecordState, _ text: String) -> Bool {
        ([record.id.key] + shown(record).map { FieldDisplay.text($0.value, field: GraduateSchema.field(named: $0.key)) })
            .contains { $0.localizedCaseInsensitiveContains(text) }
    }

    private var columns: [(key: String, title: String)] {
        var columns: [(key: String, title: String)] = [
            ("student_no", "学号"), ("name", "姓名"), ("department", "学院"), ("major_name", "专业名称"), ("degree_level", "学历层次"),
            ("grad_year", "毕业年份"), ("destination", "毕业去向"), ("where", "单位/院校"),
        ]
        if includeSensitive { columns.append(("key_groups", "重点群体类别")) }
        columns.append(("state", "状态"))
        return columns
    }

    private func row(_ record: RecordState, departments: DepartmentDirectory) -> [String: String] {
        let fields = record.fields
        func text(_ name: String) -> String {
            fields[name].map { FieldDisplay.text($0, field: GraduateSchema.field(named: name)) } ?? ""
        }
        var state: [String] = []
        if record.isDeleted { state.append("已删除") }
        if !record.conflictedFields.isEmpty { state.append("冲突") }
        return [
            "student_no": record.id.key, "name": text("name"), "department": departments.name(of: record.id.scope.name),
            "major_name": text("major_name"), "degree_level": text("degree_level"), "grad_year": text("grad_year"),
            "destination": text("destination_code"),
            "where": fields["employer_name"]?.stringValue ?? fields["study_institution"]?.stringValue ?? "",
            "key_groups": text("key_groups"), "state": state.joined(separator: "、"),
        ]
    }

    private func jsonObject(_ record: RecordState) -> FieldValue {
        .object([
            "student_no": .string(record.id.key), "department": .string(record.id.scope.name), "deleted": .bool(record.isDeleted),
            "conflicted_fields": .list(record.conflictedFields.sorted().map(FieldValue.string)), "fields": .object(shown(record)),
        ])
    }
}
