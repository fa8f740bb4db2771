import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync graduate show`: one graduate with Chinese labels, conflicted fields marked with every head.
struct GraduateShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one graduate record, with every value of a field in conflict.",
        discussion: """
            A field edited concurrently on two replicas is marked 冲突 and lists every value, who wrote \
            it and when; 'gradsync conflicts resolve' settles it. On the central node a student number \
            live in two departments needs --department.

            Examples:
              gradsync graduate show 2021010101
              gradsync graduate show 2021010101 --department AUTO --json
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("The graduate's department, when the central node holds the number in several.", valueName: "CODE"))
    var department: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Show sensitive fields (key groups).")
    var includeSensitive = false

    @Argument(help: ArgumentHelp("The student number (学号).", valueName: "STUDENT_NO"))
    var studentNumber: String

    func run() throws {
        try reportingFailures {
            let replica = try homeOptions.openReplica()
            let record = try replica.graduate(studentNumber, department: department)
            let elsewhere = try replica.otherLiveDepartments(of: record.id)
            var heads: [String: [Change]] = [:]
            for field in record.conflictedFields { heads[field] = try replica.heads(of: record.id, field: field) }
            let departmentName = try replica.departmentDirectory().name(of: record.id.scope.name)
            if json {
                FieldDisplay.printJSON(jsonObject(record, departmentName: departmentName, heads: heads, elsewhere: elsewhere))
            } else {
                print(text(record, departmentName: departmentName, heads: heads, elsewhere: elsewhere), terminator: "")
            }
        }
    }

    private func shownValue(_ name: String, _ value: FieldValue) -> String {
        if FieldDisplay.isSensitive(name), !includeSensitive { return FieldDisplay.hidden }
        return FieldDisplay.text(value, field: GraduateSchema.field(named: name))
    }

    private func orderedFields(_ record: RecordState) -> [String] {
        let known = GraduateSchema.fields.map(\.name).filter { record.fields[$0] != nil }
        return known + record.fields.keys.filter { GraduateSchema.field(named: $0) == nil }.sorted()
    }

    private func text(_ record: RecordState, departmentName: String, heads: [String: [Change]], elsewhere: [String]) -> String {
        let key = FieldDisplay.visible(record.id.key)
        var out = "学号 \(key)  学院 \(record.id.scope)（\(FieldDisplay.visible(departmentName))）\n"
        if record.isDeleted { out += "已删除：用 'gradsync graduate restore \(key)' 恢复\n" }
        if !elsewhere.isEmpty { out += "注意：该学号在 \(elsewhere.joined(separator: ", ")) 也有记录，请核查\n" }
        let rows = orderedFields(record).map { name -> [String: String] in
            let value = record.fields[name]!
            return ["label": GraduateSchema.field(named: name)?.label ?? name, "field": name, "value": shownValue(name, value),
                    "mark": record.conflictedFields.contains(name) ? "冲突" : ""]
        }
        out += "\n" + FieldDisplay.table([("label", "字段"), ("field", "名称"), ("value", "值"), ("mark", "冲突")], rows)
        for name in heads.keys.sorted() {
            out += "\n冲突 \(FieldDisplay.visible(name))（\(FieldDisplay.visible(GraduateSchema.field(named: name)?.label ?? name))）：\n"
            for (index, head) in heads[name]!.enumerated() {
                let marker = index == 0 ? "* " : "  "
                out += "  \(marker)\(shownValue(name, head.value))  \(FieldDisplay.visible(head.author))  \(FieldDisplay.time(of: head))  副本 \(head.id.origin)\n"
            }
        }
        if !heads.isEmpty { out += "（* 为当前显示的值；用 'gradsync conflicts resolve \(key) FIELD VALUE' 解决）\n" }
        return out
    }

    private func jsonObject(_ record: RecordState, departmentName: String, heads: [String: [Change]], elsewhere: [String]) -> FieldValue {
        let fields = record.fields.filter { includeSensitive || !FieldDisplay.isSensitive($0.key) }
        let conflicts = heads.filter { includeSensitive || !FieldDisplay.isSensitive($0.key) }.mapValues { changes in
            FieldValue.list(changes.enumerated().map { index, head in ConflictsListCommand.headObject(head, shown: index == 0) })
        }
        return .object([
            "student_no": .string(record.id.key), "department": .string(record.id.scope.name),
            "department_name": .string(departmentName), "deleted": .bool(record.isDeleted), "fields": .object(fields),
            "conflicts": .object(conflicts), "also_live_in": .list(elsewhere.map(FieldValue.string)),
        ])
    }
}
