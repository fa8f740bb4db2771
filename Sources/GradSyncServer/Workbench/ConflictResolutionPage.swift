import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// `/conflicts`: every graduate field edited concurrently, with all its values, who wrote each, when and from
/// which replica; the secretary keeps one value or types another. Records deleted while edited are restored or
/// kept deleted.
struct ConflictResolutionPage {
    let entries: [ConflictEntry]
    let csrf: String
    let author: String
    /// A refusal of the last resolution, in the records layer's words.
    var refusal: [String] = []
    /// What the last resolution did.
    var notice: String?

    func render() -> HTML {
        var body: [HTML] = []
        if let notice { body.append("<p class=\"notice\" role=\"status\">\(notice)</p>") }
        if !refusal.isEmpty {
            body.append("<div class=\"refused\" role=\"alert\"><strong>未写入：</strong><ul>\(HTML.joined(refusal.map { "<li>\($0)</li>" as HTML }))</ul></div>")
        }
        let graduates = entries.filter { $0.record.collection == GraduateSchema.collection }
        if graduates.isEmpty { body.append("<p class=\"empty\">没有待处理的冲突。</p>") }
        body += graduates.map(section)
        return WorkbenchLayout.page(title: "冲突处理", current: "/conflicts", author: author, body: .joined(body))
    }

    private func section(_ entry: ConflictEntry) -> HTML {
        let record = entry.record
        let link: HTML = "<a href=\"/graduates/\(RecordFormPage.pathComponent(record.key))\">\(record.key)</a>"
        let hidden: HTML = """
            \(WorkbenchLayout.csrfField(csrf))<input type="hidden" name="student_no" value="\(record.key)">\
            <input type="hidden" name="department" value="\(record.scope.name)">
            """
        switch entry {
        case .field(_, let field, let heads):
            let label = GraduateSchema.field(named: field)?.label ?? field
            let rows = HTML.joined(heads.enumerated().map { index, head -> HTML in
                let text = Workbench.formText(head.value)
                return """
                    <tr><td>\(text.isEmpty ? "（空）" : text)</td><td>\(head.author)</td><td>\(DashboardFormat.time(head.hlc.milliseconds))</td>\
                    <td><code>\(String(head.id.origin.hex.prefix(12)))</code></td><td>\(index == 0 ? "当前显示" : "")</td>\
                    <td><form method="post" action="/conflicts/resolve" class="inline">\(hidden)<input type="hidden" name="field" value="\(field)">\
                    <input type="hidden" name="value" value="\(text)"><button type="submit" class="secondary">保留此值</button></form></td></tr>
                    """
            })
            return """
                <section class="conflict" data-record="\(record.key)" data-field="\(field)"><h2>\(link) · \(label) <code>\(field)</code></h2>\
                <div class="table"><table><thead><tr><th>值</th><th>修改人</th><th>修改时间</th><th>来源副本</th><th></th><th></th></tr></thead>\
                <tbody>\(rows)</tbody></table></div>\
                <form method="post" action="/conflicts/resolve" class="filters">\(hidden)<input type="hidden" name="field" value="\(field)">\
                <div><label for="other-\(record.key)-\(field)">另填一个值</label><input type="text" id="other-\(record.key)-\(field)" name="value"></div>\
                <div><button type="submit" class="secondary">写入这个值</button></div></form></section>
                """
        case .deletedWhileEdited(_, let fields):
            return """
                <section class="conflict" data-record="\(record.key)"><h2>\(link) · 删除时被编辑</h2>\
                <p>这条记录被删除时，另一台电脑正在修改：\(fields.joined(separator: ", "))。</p>\
                <form method="post" action="/conflicts/deletion" class="inline">\(hidden)<input type="hidden" name="resolution" value="restore">\
                <button type="submit" class="secondary">恢复记录（保留修改）</button></form> \
                <form method="post" action="/conflicts/deletion" class="inline">\(hidden)<input type="hidden" name="resolution" value="keep">\
                <button type="submit" class="danger">确认删除</button></form></section>
                """
        }
    }
}
