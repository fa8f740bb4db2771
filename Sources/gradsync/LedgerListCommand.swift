import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync ledger list`: the assistance-ledger entries of one graduate or of all.
struct LedgerListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List assistance-ledger entries, of one graduate or of all.",
        discussion: """
            Examples:
              gradsync ledger list
              gradsync ledger list 2021010101 --json
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("Only this department's entries.", valueName: "CODE"))
    var department: String?

    @Flag(help: "Print one JSON list.")
    var json = false

    @Argument(help: ArgumentHelp("Only this graduate's entries.", valueName: "STUDENT_NO"))
    var studentNumber: String?

    func run() throws {
        try reportingFailures {
            let replica = try homeOptions.openReplica()
            let scope = try replica.department(department)
            let entries = try replica.ledgerStates(department: scope)
                .filter { entry in studentNumber.map { entry.fields["student_no"]?.stringValue == $0 } ?? true }
                .sorted { sortKey($0).lexicographicallyPrecedes(sortKey($1)) }
            if json {
                FieldDisplay.printJSON(.list(entries.map { entry in
                    .object(["key": .string(entry.id.key), "department": .string(entry.id.scope.name), "fields": .object(entry.fields)])
                }))
                return
            }
            let rows = entries.map { entry -> [String: String] in
                let kind = entry.fields["kind"]?.stringValue
                return ["date": text(entry, "date"), "student_no": text(entry, "student_no"), "department": entry.id.scope.name,
                        "kind": kind.flatMap(LedgerKind.init(rawValue:))?.label ?? kind ?? "", "detail": detail(entry)]
            }
            print(FieldDisplay.table([("date", "日期"), ("student_no", "学号"), ("department", "学院"), ("kind", "类型"),
                                      ("detail", "内容")], rows), terminator: "")
            print("\(entries.count) entr\(entries.count == 1 ? "y" : "ies")")
        }
    }

    private func sortKey(_ entry: RecordState) -> [String] {
        [text(entry, "date"), text(entry, "student_no"), entry.id.key]
    }

    private func text(_ entry: RecordState, _ name: String) -> String {
        entry.fields[name].map { FieldDisplay.text($0, field: LedgerSchema.field(named: name)) } ?? ""
    }

    /// The kind's own fields with their Chinese labels, e.g. `推荐单位 厦门甲公司；推荐岗位 测试工程师`.
    private func detail(_ entry: RecordState) -> String {
        LedgerSchema.fields.filter { !["kind", "student_no", "date"].contains($0.name) && entry.fields[$0.name] != nil }
            .map { "\($0.label) \(text(entry, $0.name))" }.joined(separator: "；")
    }
}
