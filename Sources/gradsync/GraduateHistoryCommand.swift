import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync graduate history`: who changed what, when — the change log of one graduate.
struct GraduateHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show who changed what, and when, on one graduate record.",
        discussion: """
            Each line is one change: its time (ISO 8601, from the change's clock stamp), author, \
            field, the old and new value, and what proves who wrote it: 本机 (written on this \
            replica), 已验证 (signed by the key of the replica that wrote it, bound here to a \
            department's token, named with its label) or 未验证 (nothing here proves it: a \
            replica that predates keys, or a change this replica pulled from its node). After a \
            concurrent edit a change can replace several old values at once.

            Examples:
              gradsync graduate history 2021010101
              gradsync graduate history 2021010101 --field destination_code --json
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("The graduate's department, when the central node holds the number in several.", valueName: "CODE"))
    var department: String?

    @Option(help: ArgumentHelp("Only this field's changes.", valueName: "FIELD"))
    var field: String?

    @Flag(help: "Show sensitive values (key groups).")
    var includeSensitive = false

    @Flag(help: "Print one JSON list.")
    var json = false

    @Argument(help: ArgumentHelp("The student number (学号).", valueName: "STUDENT_NO"))
    var studentNumber: String

    func run() throws {
        try reportingFailures {
            let replica = try homeOptions.openReplica()
            let record = try replica.graduate(studentNumber, department: department)
            let entries = try replica.history(of: record.id, field: field)
            let proofs = try replica.proofs(of: entries)
            if json {
                FieldDisplay.printJSON(.list(entries.map { jsonObject($0, proof: proofs[$0.change.id] ?? .unverified) }))
                return
            }
            let rows = entries.map { entry -> [String: String] in
                let change = entry.change
                return ["time": FieldDisplay.time(of: change), "author": change.author, "field": label(change.field),
                        "old": entry.previous.map { shown(change.field, $0) }.joined(separator: " | "),
                        "new": shown(change.field, change.value), "proof": Self.proofText(proofs[change.id] ?? .unverified)]
            }
            print(FieldDisplay.table([("time", "时间"), ("author", "操作人"), ("field", "字段"), ("old", "原值"), ("new", "新值"),
                                      ("proof", "来源")], rows),
                  terminator: "")
        }
    }

    private func label(_ name: String) -> String {
        if name == Change.tombstoneField { return "删除/恢复" }
        return GraduateSchema.field(named: name).map { "\($0.label) \(name)" } ?? name
    }

    private func shown(_ name: String, _ value: FieldValue) -> String {
        if name == Change.tombstoneField { return value == .bool(true) ? "已删除" : "已恢复" }
        if FieldDisplay.isSensitive(name), !includeSensitive { return FieldDisplay.hidden }
        return FieldDisplay.text(value, field: GraduateSchema.field(named: name))
    }

    /// The proof column: who is proven to have written the change.
    static func proofText(_ proof: ChangeProof) -> String {
        switch proof {
        case .own: return "本机"
        case .verified(let binding): return "已验证 \(binding.holderName) (\(binding.scopeName))"
        case .unverified: return "未验证"
        }
    }

    private func jsonObject(_ entry: HistoryEntry, proof: ChangeProof) -> FieldValue {
        let change = entry.change
        let hide = FieldDisplay.isSensitive(change.field) && !includeSensitive
        var object: [String: FieldValue] = [
            "time": .string(FieldDisplay.time(of: change)), "author": .string(change.author), "origin": .string(change.id.origin.hex),
            "field": .string(change.field), "old": .list(hide ? [] : entry.previous), "new": hide ? .null : change.value,
            "hidden": .bool(hide),
        ]
        switch proof {
        case .own:
            object["proof"] = .string("own")
        case .verified(let binding):
            object["proof"] = .string("verified")
            object["verified_by"] = .object([
                "key_fingerprint": .string(binding.fingerprint), "scope": .string(binding.scope),
                "token_label": binding.tokenLabel.map(FieldValue.string) ?? .null,
                // The node that named the key, when this replica learned it from a pulled page (SPEC 7), not at a handshake here.
                "learned_from": binding.learnedFrom.map(FieldValue.string) ?? .null,
            ])
        case .unverified:
            object["proof"] = .string("unverified")
        }
        return .object(object)
    }
}
