import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// `/graduates/new` and `/graduates/{student_no}`: the record as a form with Chinese labels, inputs named by the
/// schema's field names, code lists as selects showing code and name, and the fields a destination needs marked.
///
/// The script checks a USCC's check character as it is typed and marks the fields a destination needs; the
/// server's records layer is the authority, and a refused save comes back here with every problem under its field.
struct RecordFormPage {
    /// The record shown, nil on `/graduates/new`.
    var record: RecordState?
    /// The text in each input: the record's values, or what a refused save submitted.
    var texts: [String: String]
    /// The records layer's problems by field, in its own words.
    var problems: [String: [String]] = [:]
    /// Problems that belong to no input (e.g. a student number live elsewhere), and other refusals.
    var general: [String] = []
    /// The field history, oldest first.
    var history: [HistoryEntry] = []
    /// A line saying what the last save did.
    var notice: String?
    /// Whether to offer the department input (the central node holds every department).
    var asksDepartment = false
    let csrf: String
    let author: String

    /// The fields the form edits: every schema field but the key and the scope, which have their own inputs.
    static let edited = GraduateSchema.fields.filter { $0.name != "student_no" && $0.name != "department" }

    func render() -> HTML {
        let number = record?.id.key
        let title = number.map { "毕业生 \($0)" } ?? "新增毕业生"
        var body: [HTML] = []
        if let notice { body.append("<p class=\"notice\" role=\"status\">\(notice)</p>") }
        if !problems.isEmpty || !general.isEmpty {
            let count = problems.values.reduce(0) { $0 + $1.count } + general.count
            let items = HTML.joined(general.map { "<li>\($0)</li>" as HTML })
            body.append("<div class=\"refused\" role=\"alert\"><strong>未保存：发现 \(count) 个问题，什么也没有写入。</strong><ul>\(items)</ul></div>")
        }
        if record?.isDeleted == true {
            body.append("<p class=\"refused\">这条记录已删除。恢复后才能修改。</p>")
        }
        if let conflicted = record?.conflictedFields, !conflicted.isEmpty {
            body.append("<p class=\"notice\">有字段处于冲突中：\(conflicted.sorted().joined(separator: ", "))。请在 <a href=\"/conflicts\">冲突处理</a> 中选定。</p>")
        }
        let action = number.map { "/graduates/\(Self.pathComponent($0))" } ?? "/graduates/new"
        var inputs: [HTML] = [WorkbenchLayout.csrfField(csrf)]
        if number == nil {
            inputs.append(Self.cell(name: "student_no", label: "学号", control: "<input type=\"text\" id=\"f-student_no\" name=\"student_no\" value=\"\(texts["student_no"] ?? "")\" required autocomplete=\"off\">", problems: problems["student_no"] ?? [], required: true))
            if asksDepartment {
                inputs.append(Self.cell(name: "department", label: "学院代码", control: "<input type=\"text\" id=\"f-department\" name=\"department\" value=\"\(texts["department"] ?? "")\" required>", problems: problems["department"] ?? [], required: true))
            }
        }
        for field in Self.edited {
            inputs.append(Self.cell(name: field.name, label: field.label, control: FormControl.make(field, text: texts[field.name] ?? ""),
                                    problems: problems[field.name] ?? [], required: field.isRequired))
        }
        let save: HTML = record?.isDeleted == true ? "" : "<div class=\"actions\"><button type=\"submit\" class=\"primary\">保存</button></div>"
        body.append("<form method=\"post\" action=\"\(action)\" class=\"record\" novalidate>\(inputs)\(save)</form>")
        if let record {
            body.append(actions(record))
            body.append(historySection())
        }
        return WorkbenchLayout.page(title: title, current: number == nil ? "/graduates/new" : "/graduates", author: author, body: .joined(body))
    }

    /// One labelled input with its problems under it.
    static func cell(name: String, label: String, control: HTML, problems: [String], required: Bool) -> HTML {
        let classes = ["field"] + (required ? ["needed"] : []) + (problems.isEmpty ? [] : ["invalid"])
        let listed = HTML.joined(problems.map { "<p class=\"problem\" data-problem-for=\"\(name)\">\($0)</p>" as HTML })
        return """
            <div class="\(classes.joined(separator: " "))" data-field="\(name)"><label for="f-\(name)">\(label) <code>\(name)</code></label>\
            \(control)\(listed)</div>
            """
    }

    /// Delete or restore, each confirmed on a page of its own before anything is written.
    private func actions(_ record: RecordState) -> HTML {
        let path = "/graduates/\(Self.pathComponent(record.id.key))"
        let form: HTML = record.isDeleted
            ? "<form method=\"post\" action=\"\(path)/restore\" class=\"inline\">\(WorkbenchLayout.csrfField(csrf))<button type=\"submit\" class=\"secondary\">恢复这条记录…</button></form>"
            : "<form method=\"post\" action=\"\(path)/delete\" class=\"inline\">\(WorkbenchLayout.csrfField(csrf))<button type=\"submit\" class=\"danger\">删除这条记录…</button></form>"
        return "<section><h2>删除与恢复</h2><p class=\"note\">删除可以恢复；删除和恢复都会同步到中心节点。</p>\(form)</section>"
    }

    /// Who changed which field, when, from what to what.
    private func historySection() -> HTML {
        guard !history.isEmpty else { return "<section><h2>修改历史</h2><p class=\"empty\">暂无</p></section>" }
        let rows = HTML.joined(history.reversed().map { entry -> HTML in
            let change = entry.change
            let label = change.isTombstone ? "（删除/恢复）" : (GraduateSchema.field(named: change.field)?.label ?? change.field)
            let before = entry.previous.map(\.displayText).joined(separator: " | ")
            return """
                <tr><td>\(DashboardFormat.time(change.hlc.milliseconds))</td><td>\(change.author)</td><td>\(label) <code>\(change.field)</code></td>\
                <td>\(before)</td><td>\(change.value.displayText)</td></tr>
                """
        })
        return """
            <section><h2>修改历史</h2><div class="table"><table><thead><tr><th>时间</th><th>修改人</th><th>字段</th><th>原值</th><th>新值</th></tr></thead>\
            <tbody>\(rows)</tbody></table></div></section>
            """
    }

    /// A student number as a path segment (they are ASCII letters and digits; anything else is percent-encoded).
    static func pathComponent(_ key: String) -> String {
        key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key
    }
}
