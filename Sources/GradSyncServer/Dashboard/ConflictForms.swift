import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// The forms that resolve the conflicts page's entries: keep one value or enter another, restore a graduate deleted
/// while edited or keep it deleted. Only graduates' entries have forms; a ledger entry's conflict is resolved on the node.
enum ConflictForms {
    /// Every entry's form, each posting to `/conflicts` with the session's form token.
    static func render(_ entries: [ConflictEntry], departments: DepartmentDirectory, formToken: String) -> HTML {
        var buffer = HTMLBuffer(capacity: entries.count * 1024)
        // The same hidden token field in every form: escaped once.
        let tokenField = DashboardLayout.formTokenField(formToken)
        for entry in entries { write(entry, departments: departments, tokenField: tokenField, into: &buffer) }
        return buffer.html
    }

    /// Writes an entry's form onto the end of `buffer`, straight into it rather than as fragments joined; returns
    /// false, writing nothing, for an entry without a form.
    @discardableResult
    static func write(_ entry: ConflictEntry, departments: DepartmentDirectory, tokenField: HTML,
                      into buffer: inout HTMLBuffer) -> Bool {
        let record = entry.record
        guard record.collection == GraduateSchema.collection, !record.scope.isShared else { return false }
        let code = record.scope.name, number = record.key
        func hidden(into buffer: inout HTMLBuffer) {
            buffer.append(tokenField)
            buffer.append("<input type=\"hidden\" name=\"department\" value=\"")
            buffer.append(text: code)
            buffer.append("\"><input type=\"hidden\" name=\"student\" value=\"")
            buffer.append(text: number)
            buffer.append("\">")
        }
        func link(into buffer: inout HTMLBuffer) {
            buffer.append("<a href=\"")
            buffer.append(text: GraduatePage.path(department: code, studentNumber: number))
            buffer.append("\">")
            buffer.append(text: departments.name(of: code))
            buffer.append(" ")
            buffer.append(text: number)
            buffer.append("</a>")
        }
        switch entry {
        case .field(_, let field, let heads):
            let label = GraduateSchema.field(named: field)?.label ?? field
            let hides = ConflictsView.hides(field, in: record.collection)
            buffer.append("<form method=\"post\" action=\"/conflicts\" class=\"act\" data-field=\"")
            buffer.append(text: field)
            buffer.append("\" data-student=\"")
            buffer.append(text: number)
            buffer.append("\">")
            hidden(into: &buffer)
            buffer.append("<input type=\"hidden\" name=\"field\" value=\"")
            buffer.append(text: field)
            buffer.append("\"><div>")
            link(into: &buffer)
            buffer.append(" · ")
            buffer.append(text: label)
            buffer.append("</div>")
            for (index, head) in heads.enumerated() {
                buffer.append("<button type=\"submit\" name=\"keep\" value=\"")
                buffer.append(text: head.id.description)
                buffer.append("\">保留 ")
                if hides {
                    buffer.append("第 ")
                    buffer.append(index + 1)
                    buffer.append(" 个值")
                } else {
                    buffer.append("“")
                    buffer.append(text: head.value.displayText)
                    buffer.append("”")
                }
                buffer.append("（")
                buffer.append(text: head.author)
                buffer.append("）</button>")
            }
            buffer.append("<input type=\"text\" name=\"value\" aria-label=\"")
            buffer.append(text: label)
            buffer.append(" 的新值\" placeholder=\"或输入另一个值（留空即清除）\"><button type=\"submit\" name=\"enter\" value=\"1\">写入此值</button></form>")
        case .deletedWhileEdited:
            buffer.append("<form method=\"post\" action=\"/conflicts\" class=\"act\" data-student=\"")
            buffer.append(text: number)
            buffer.append("\">")
            hidden(into: &buffer)
            buffer.append("<div>")
            link(into: &buffer)
            buffer.append(" · 删除时被编辑</div><button type=\"submit\" name=\"deletion\" value=\"restore\">恢复记录</button>")
            buffer.append("<button type=\"submit\" name=\"deletion\" value=\"keep_deleted\">保持删除</button></form>")
        }
        return true
    }
}
