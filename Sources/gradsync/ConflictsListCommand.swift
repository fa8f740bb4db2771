import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync conflicts list` (the default of `gradsync conflicts`): every open entry of the journal.
struct ConflictsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List open conflicts: every value of each conflicted field, and records deleted while edited.",
        discussion: """
            Examples:
              gradsync conflicts
              gradsync conflicts --json
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Show sensitive values (key groups).")
    var includeSensitive = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingFailures {
            let entries = try homeOptions.openReplica().conflicts()
            if json {
                FieldDisplay.printJSON(.object(["conflicts": .list(entries.map(jsonObject)), "count": .integer(Int64(entries.count))]))
            } else {
                print(entries.map(text).joined(), terminator: "")
                print("\(entries.count) open conflict(s)")
            }
        }
    }

    /// One head of a conflicted field in JSON: value, origin replica, author, time, and whether it is the shown one.
    static func headObject(_ head: Change, shown: Bool, hidden: Bool = false) -> FieldValue {
        .object(["value": hidden ? .null : head.value, "hidden": .bool(hidden), "origin": .string(head.id.origin.hex),
                 "author": .string(head.author), "time": .string(FieldDisplay.time(of: head)), "shown": .bool(shown)])
    }

    private func hides(_ field: String) -> Bool { FieldDisplay.isSensitive(field) && !includeSensitive }

    private static func schemaField(_ record: RecordID, _ name: String) -> RecordField? {
        record.collection == LedgerSchema.collection ? LedgerSchema.field(named: name) : GraduateSchema.field(named: name)
    }

    private func text(_ entry: ConflictEntry) -> String {
        switch entry {
        case .field(let record, let field, let heads):
            let schemaField = Self.schemaField(record, field)
            var out = "\(FieldDisplay.visible(record.description))  \(schemaField.map { "\($0.label) " } ?? "")\(FieldDisplay.visible(field))：\(heads.count) 个值\n"
            for (index, head) in heads.enumerated() {
                let value = hides(field) ? FieldDisplay.hidden : FieldDisplay.text(head.value, field: schemaField)
                out += "  \(index == 0 ? "* " : "  ")\(value)  \(FieldDisplay.visible(head.author))  \(FieldDisplay.time(of: head))  副本 \(head.id.origin)\n"
            }
            return out
        case .deletedWhileEdited(let record, let fields):
            let key = FieldDisplay.visible(record.key)
            return "\(FieldDisplay.visible(record.description))  删除时有人在编辑：\(FieldDisplay.visible(fields.joined(separator: ", ")))\n"
                + "  用 'gradsync conflicts resolve \(key) --restore' 恢复，或 '--keep-deleted' 确认删除\n"
        }
    }

    private func jsonObject(_ entry: ConflictEntry) -> FieldValue {
        let record = entry.record
        var object: [String: FieldValue] = [
            "department": .string(record.scope.name), "collection": .string(record.collection), "key": .string(record.key),
        ]
        switch entry {
        case .field(_, let field, let heads):
            object["kind"] = .string("field")
            object["field"] = .string(field)
            object["heads"] = .list(heads.enumerated().map { Self.headObject($1, shown: $0 == 0, hidden: hides(field)) })
        case .deletedWhileEdited(_, let fields):
            object["kind"] = .string("deleted_while_edited")
            object["fields"] = .list(fields.map(FieldValue.string))
        }
        return .object(object)
    }
}
