import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// The forms that resolve the conflicts page's entries: keep one value or enter another, restore a graduate deleted
/// while edited or keep it deleted. Only graduates' entries have forms; a ledger entry's conflict is resolved on the node.
enum ConflictForms {
    /// Every entry's form, each posting to `/conflicts` with the session's form token.
    static func render(_ entries: [ConflictEntry], departments: DepartmentDirectory, formToken: String) -> HTML {
        .joined(entries.compactMap { entry in form(entry, departments: departments, formToken: formToken) })
    }

    static func form(_ entry: ConflictEntry, departments: DepartmentDirectory, formToken: String) -> HTML? {
        let record = entry.record
        guard record.collection == GraduateSchema.collection, !record.scope.isShared else { return nil }
        let code = record.scope.name, number = record.key
        let hidden: HTML = """
            \(DashboardLayout.formTokenField(formToken))<input type="hidden" name="department" value="\(code)">\
            <input type="hidden" name="student" value="\(number)">
            """
        let link: HTML = "<a href=\"\(GraduatePage.path(department: code, studentNumber: number))\">\(departments.name(of: code)) \(number)</a>"
        switch entry {
        case .field(_, let field, let heads):
            let label = GraduateSchema.field(named: field)?.label ?? field
            let hides = ConflictsView.hides(field, in: record.collection)
            let keeps = HTML.joined(heads.enumerated().map { index, head -> HTML in
                let shown = hides ? "第 \(index + 1) 个值" : "“\(head.value.displayText)”"
                return "<button type=\"submit\" name=\"keep\" value=\"\(head.id.description)\">保留 \(shown)（\(head.author)）</button>"
            })
            return """
                <form method="post" action="/conflicts" class="act" data-field="\(field)" data-student="\(number)">\(hidden)\
                <input type="hidden" name="field" value="\(field)"><div>\(link) · \(label)</div>\(keeps)\
                <input type="text" name="value" aria-label="\(label) 的新值" placeholder="或输入另一个值（留空即清除）">\
                <button type="submit" name="enter" value="1">写入此值</button></form>
                """
        case .deletedWhileEdited:
            return """
                <form method="post" action="/conflicts" class="act" data-student="\(number)">\(hidden)<div>\(link) · 删除时被编辑</div>\
                <button type="submit" name="deletion" value="restore">恢复记录</button>\
                <button type="submit" name="deletion" value="keep_deleted">保持删除</button></form>
                """
        }
    }
}
