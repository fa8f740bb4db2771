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

    /// Each edited field's cell as a record page shows it without problems: the opening (class, label) and the input
    /// with its value left out, built once.
    private static let keptCells: [KeptCell] = edited.map(KeptCell.init)

    /// One edited field's cell, kept (a class: a page walks 40 of them, and each is one reference to take).
    private final class KeptCell: Sendable {
        let field: RecordField
        let opening: HTML
        let control: FormControl.Kept

        init(_ field: RecordField) {
            self.field = field
            opening = RecordFormPage.opening(name: field.name, label: field.label, problems: [], required: field.isRequired)
            control = FormControl.Kept(field)
        }
    }

    /// The page, written into one buffer: the form from kept cells and options, the values escaped as they go in.
    func render() -> HTML {
        let number = record?.id.key
        let title = number.map { "毕业生 \($0)" } ?? "新增毕业生"
        var buffer = HTMLBuffer(capacity: 96 * 1024)
        WorkbenchLayout.page(title: title, current: number == nil ? "/graduates/new" : "/graduates", author: author, into: &buffer) { body in
            write(number: number, into: &body)
        }
        return buffer.html
    }

    private func write(number: String?, into body: inout HTMLBuffer) {
        if let notice {
            body.append("<p class=\"notice\" role=\"status\">")
            body.append(text: notice)
            body.append("</p>")
        }
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
        body.append("<form method=\"post\" action=\"")
        body.append(text: action)
        body.append("\" class=\"record\" novalidate>")
        body.append(WorkbenchLayout.csrfField(csrf))
        if number == nil {
            body.append(Self.cell(name: "student_no", label: "学号", control: "<input type=\"text\" id=\"f-student_no\" name=\"student_no\" value=\"\(texts["student_no"] ?? "")\" required autocomplete=\"off\">", problems: problems["student_no"] ?? [], required: true))
            if asksDepartment {
                body.append(Self.cell(name: "department", label: "学院代码", control: "<input type=\"text\" id=\"f-department\" name=\"department\" value=\"\(texts["department"] ?? "")\" required>", problems: problems["department"] ?? [], required: true))
            }
        }
        for cell in Self.keptCells {
            let problems = self.problems.isEmpty ? [] : self.problems[cell.field.name] ?? []
            if problems.isEmpty {
                body.append(cell.opening)
            } else {
                body.append(Self.opening(name: cell.field.name, label: cell.field.label, problems: problems, required: cell.field.isRequired))
            }
            cell.control.write(text: texts[cell.field.name] ?? "", into: &body)
            if !problems.isEmpty { body.append(Self.listed(problems, name: cell.field.name)) }
            body.append("</div>")
        }
        if record?.isDeleted != true {
            body.append("<div class=\"actions\"><button type=\"submit\" class=\"primary\">保存</button></div>")
        }
        body.append("</form>")
        if let record {
            body.append(actions(record))
            writeHistory(into: &body)
        }
    }

    /// One labelled input with its problems under it.
    static func cell(name: String, label: String, control: HTML, problems: [String], required: Bool) -> HTML {
        "\(opening(name: name, label: label, problems: problems, required: required))\(control)\(listed(problems, name: name))</div>"
    }

    /// A cell up to its input: its classes and its label.
    private static func opening(name: String, label: String, problems: [String], required: Bool) -> HTML {
        let classes = ["field"] + (required ? ["needed"] : []) + (problems.isEmpty ? [] : ["invalid"])
        return """
            <div class="\(classes.joined(separator: " "))" data-field="\(name)"><label for="f-\(name)">\(label) <code>\(name)</code></label>
            """
    }

    /// A cell's problems, each in the records layer's words.
    private static func listed(_ problems: [String], name: String) -> HTML {
        HTML.joined(problems.map { "<p class=\"problem\" data-problem-for=\"\(name)\">\($0)</p>" as HTML })
    }

    /// Delete or restore, each confirmed on a page of its own before anything is written.
    private func actions(_ record: RecordState) -> HTML {
        let path = "/graduates/\(Self.pathComponent(record.id.key))"
        let form: HTML = record.isDeleted
            ? "<form method=\"post\" action=\"\(path)/restore\" class=\"inline\">\(WorkbenchLayout.csrfField(csrf))<button type=\"submit\" class=\"secondary\">恢复这条记录…</button></form>"
            : "<form method=\"post\" action=\"\(path)/delete\" class=\"inline\">\(WorkbenchLayout.csrfField(csrf))<button type=\"submit\" class=\"danger\">删除这条记录…</button></form>"
        return "<section><h2>删除与恢复</h2><p class=\"note\">删除可以恢复；删除和恢复都会同步到中心节点。</p>\(form)</section>"
    }

    /// A history row's field cell (its label and name) and the start of the next cell.
    private static func historyLabel(_ change: Change) -> HTML {
        let label = change.isTombstone ? "（删除/恢复）" : (GraduateSchema.field(named: change.field)?.label ?? change.field)
        return "\(label) <code>\(change.field)</code></td><td>"
    }

    /// The field cells of the schema's fields, built once.
    private static let historyLabels: [String: HTML] = Dictionary(uniqueKeysWithValues: GraduateSchema.fields.map { field in
        (field.name, "\(field.label) <code>\(field.name)</code></td><td>" as HTML)
    })

    /// Who changed which field, when, from what to what.
    private func writeHistory(into body: inout HTMLBuffer) {
        guard !history.isEmpty else { return body.append("<section><h2>修改历史</h2><p class=\"empty\">暂无</p></section>") }
        body.append("""
            <section><h2>修改历史</h2><div class="table"><table><thead><tr><th>时间</th><th>修改人</th><th>字段</th><th>原值</th><th>新值</th></tr></thead>\
            <tbody>
            """)
        // The changes of one save share their millisecond: each time is formatted once.
        var shown: (milliseconds: UInt64, text: String)?
        for index in history.indices.reversed() {
            let change = history[index].change
            let milliseconds = change.hlc.milliseconds
            if shown?.milliseconds != milliseconds { shown = (milliseconds, DashboardFormat.time(milliseconds)) }
            body.append("<tr><td>")
            body.append(text: shown?.text ?? "")
            body.append("</td><td>")
            body.append(text: change.author)
            body.append("</td><td>")
            if !change.isTombstone, let kept = Self.historyLabels[change.field] {
                body.append(kept)
            } else {
                body.append(Self.historyLabel(change))
            }
            for (position, value) in history[index].previous.enumerated() {
                if position > 0 { body.append(" | ") }
                body.append(text: value.displayText)
            }
            body.append("</td><td>")
            body.append(text: change.value.displayText)
            body.append("</td></tr>")
        }
        body.append("</tbody></table></div></section>")
    }

    /// A student number as a path segment (they are ASCII letters and digits; anything else is percent-encoded).
    static func pathComponent(_ key: String) -> String {
        let plain = key.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        }
        if plain { return key }
        return key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key
    }
}
