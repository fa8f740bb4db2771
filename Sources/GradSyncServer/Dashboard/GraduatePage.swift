import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// A graduate's record as a form the office corrects it with, in any department; and the form that finds one.
enum GraduatePage {
    /// The fields the form edits: every schema field but the key and the department, which place the record, and the
    /// sensitive ones (key-group categories), which no dashboard page shows; `graduate set` on the node corrects those.
    static let editableFields = GraduateSchema.fields.filter {
        $0.name != "student_no" && $0.name != "department" && $0.privacy != .sensitive
    }

    /// The record page: each field with its value (or, after a refusal, the text posted), problems beside their field.
    static func make(_ record: RecordState, departmentName: String, history: ProvenHistory = ProvenHistory(), submitted: [String: String]? = nil,
                     problems: [ValidationError] = [], notice: FormNotice? = nil) -> DashboardView {
        let code = record.id.scope.name, number = record.id.key
        let action = path(department: code, studentNumber: number)
        let rows = editableFields.map { field -> HTML in
            let text = submitted?[field.name] ?? record.fields[field.name].map(editText) ?? ""
            let isMultiline: Bool
            if case .multilineText = field.kind { isMultiline = true } else { isMultiline = false }
            let input: HTML = isMultiline
                ? "<textarea id=\"f-\(field.name)\" name=\"\(field.name)\" rows=\"2\">\(text)</textarea>"
                : "<input type=\"text\" id=\"f-\(field.name)\" name=\"\(field.name)\" value=\"\(text)\">"
            let mark: HTML = field.isRequired ? " *" : ""
            let conflicted: HTML = record.conflictedFields.contains(field.name) ? " <span class=\"error\">（有冲突）</span>" : ""
            let errors = HTML.joined(problems.filter { $0.field == field.name }.map { "<div class=\"error\">\($0.description)</div>" as HTML })
            return "<div><label for=\"f-\(field.name)\">\(field.label)\(mark)</label>\(input)\(conflicted)\(errors)</div>"
        }
        let fields = HTML.joined(rows)
        let section = DashboardSection(
            "\(departmentName) · 学号 \(number)", name: "record", table: nil,
            note: "保存时与命令行、名册导入经过同样的检查；任何一项不合规则都不写入，并在此列出全部问题。修改以当前登录令牌的标签署名，随同步传到学院。重点群体类别属敏感个人信息，不在此显示，请在节点上用 gradsync graduate set 更正。",
            forms: { token in
                "<form method=\"post\" action=\"\(action)\" class=\"act fields\">\(DashboardLayout.formTokenField(token))\(fields)<button type=\"submit\" class=\"primary\">保存更正</button></form>"
            })
        return DashboardView(title: "更正毕业生记录", current: "/graduates", sections: [section, historySection(history)], notice: notice)
    }

    /// A record's history with what proves who wrote each entry (protocol/SPEC.md, section 5.3).
    struct ProvenHistory: Sendable {
        var entries: [HistoryEntry] = []
        var proofs: [ChangeID: ChangeProof] = [:]
    }

    /// Who changed what, when, newest first, each entry marked 本节点, 已验证 (with the department and token label the
    /// writer's key was bound to) or 未验证; the values of sensitive fields are not shown.
    static func historySection(_ history: ProvenHistory) -> DashboardSection {
        let rows = history.entries.reversed().map { entry -> [String: ReportValue] in
            let change = entry.change
            let field = GraduateSchema.field(named: change.field)
            let value: String
            if change.isTombstone {
                value = change.value == .bool(true) ? "已删除" : "已恢复"
            } else if field?.privacy == .sensitive {
                value = "（敏感信息，不显示）"
            } else {
                value = editText(change.value)
            }
            let proof: String
            switch history.proofs[change.id] ?? .unverified {
            case .own: proof = "本节点"
            case .verified(let binding): proof = "已验证：\(binding.holderName)（\(binding.scopeName)，密钥 \(binding.fingerprint.prefix(9))）"
            case .unverified: proof = "未验证"
            }
            return ["written": .text(DashboardFormat.time(change.hlc.milliseconds)), "author": .text(change.author),
                    "field": .text(change.isTombstone ? "删除/恢复" : field.map { "\($0.label) \(change.field)" } ?? change.field),
                    "value": .text(value), "proof": .text(proof), "origin": .text(change.id.origin.hex)]
        }
        let columns = [ReportColumn("written", "修改时间"), ReportColumn("author", "修改人"), ReportColumn("field", "字段"),
                       ReportColumn("value", "新值"), ReportColumn("proof", "来源"), ReportColumn("origin", "来源副本")]
        return DashboardSection(
            "修改历史", name: "history", table: ReportTable(report: "history", by: "change", columns: columns, rows: Array(rows), total: [:]),
            note: "每条修改都记在写入它的副本名下。“已验证”表示该副本用自己的密钥签署了包含这条修改的变更流，且本节点已把该密钥绑定到所列学院的令牌；“未验证”表示本节点无法证明写入者（早于密钥的客户端，或在绑定密钥之前收到的修改）。",
            isFlagged: { row in row["proof"] == .text("未验证") })
    }

    /// The page that finds a record by department and student number.
    static func lookup(departments: DepartmentDirectory, notice: FormNotice? = nil) -> DashboardView {
        let options = HTML.joined(departments.names.sorted { $0.key < $1.key }.map { code, name in
            "<option value=\"\(code)\">\(code) \(name)</option>" as HTML
        })
        let section = DashboardSection(
            "查找记录", name: "lookup", table: nil, note: "输入学院和学号，打开该毕业生的记录进行更正。",
            forms: { _ in
                "<form method=\"get\" action=\"/graduates\" class=\"act fields\"><div><label for=\"department\">学院代码</label><input type=\"text\" id=\"department\" name=\"department\" list=\"departments\" required></div><datalist id=\"departments\">\(options)</datalist><div><label for=\"number\">学号</label><input type=\"text\" id=\"number\" name=\"number\" required></div><button type=\"submit\" class=\"primary\">打开记录</button></form>"
            })
        return DashboardView(title: "更正毕业生记录", current: "/graduates", sections: [section], notice: notice)
    }

    /// The record page's address.
    static func path(department: String, studentNumber: String) -> String {
        "/graduates/\(percentEncoded(department))/\(percentEncoded(studentNumber))"
    }

    /// A value as the form shows it, in the text `FieldInput` reads back to the same value (as an export writes it).
    static func editText(_ value: FieldValue) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .null: return ""
        case .list(let items) where items.allSatisfy({ $0.stringValue != nil }): return items.compactMap(\.stringValue).joined(separator: "、")
        default: return value.canonicalJSON
        }
    }

    private static func percentEncoded(_ text: String) -> String {
        // Department codes and student numbers are nearly always letters and digits: those need no encoding, and
        // building the allowed set is what cost most (the conflicts page links every entry's graduate).
        guard !text.utf8.allSatisfy(isUnreserved) else { return text }
        return text.addingPercentEncoding(withAllowedCharacters: pathSegmentAllowed) ?? text
    }

    /// Characters a path segment keeps as they are: the URL path's, less the separators and `%`.
    private static let pathSegmentAllowed = CharacterSet.urlPathAllowed.subtracting(["/", "?", "#", "%"])

    /// ASCII letters, digits and `-._~`: never percent-encoded in a path.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
