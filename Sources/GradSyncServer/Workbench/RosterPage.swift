import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// `/graduates`: the roster, searched, filtered, sorted and paged on the server.
struct RosterPage {
    let query: RosterQuery
    /// How many records pass the filters.
    let total: Int
    /// The records of the page shown, whole, in order.
    let shown: [RecordState]
    /// The majors held, for the filter's choices.
    let majors: [String]
    let departments: DepartmentDirectory
    let author: String

    func render() -> HTML {
        let (page, pages, _) = RosterQuery.page(query.page, of: total)
        var body: [HTML] = [filters()]
        if query.sensitive {
            body.append("<p class=\"sensitive\" role=\"note\">已显示重点群体筛选：重点群体类别属于敏感个人信息，仅用于帮扶工作，请勿截图外传。</p>")
        }
        body.append("<p class=\"note\">共 \(DashboardFormat.count(total)) 人，第 \(page)/\(pages) 页。</p>")
        let sortLinks = HTML.joined(RosterQuery.sortable.map { column -> HTML in
            let active = query.sort == column.key
            let order = active && !query.descending ? "desc" : ""
            let arrow = active ? (query.descending ? " ▼" : " ▲") : ""
            return "<th><a href=\"\(query.link(["sort": column.key, "order": order, "page": ""]))\">\(column.label)\(arrow)</a></th>"
        })
        let head: HTML = "\(sortLinks)<th>学院</th><th>状态</th>"
        let rows = HTML.joined(shown.map(row))
        body.append(total == 0 ? "<p class=\"empty\">没有符合条件的毕业生。</p>"
                    : "<div class=\"table\"><table id=\"roster\"><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table></div>")
        var paging: [HTML] = []
        if page > 1 { paging.append("<a href=\"\(query.link(["page": String(page - 1)]))\" rel=\"prev\">上一页</a>") }
        if page < pages { paging.append("<a href=\"\(query.link(["page": String(page + 1)]))\" rel=\"next\">下一页</a>") }
        body.append("<div class=\"paging\">\(paging)<a href=\"/downloads/export.csv\">导出 Excel CSV</a></div>")
        return WorkbenchLayout.page(title: "毕业生名单", current: "/graduates", author: author, body: .joined(body))
    }

    private func row(_ state: RecordState) -> HTML {
        let record = state.graduate
        let code = record.text("destination_code") ?? ""
        let destination = record.destination().map { "\(code) \($0.classification.name)" } ?? (code.isEmpty ? "未填" : code)
        var status: [String] = []
        if state.isDeleted { status.append("已删除") }
        if !state.conflictedFields.isEmpty { status.append("冲突") }
        if !RosterQuery.missing(record).isEmpty { status.append("缺必填项") }
        return """
            <tr><td><a href="/graduates/\(RecordFormPage.pathComponent(state.id.key))">\(state.id.key)</a></td><td>\(record.text("name") ?? "")</td>\
            <td>\(record.text("major_name") ?? "")</td><td>\(destination)</td><td>\(departments.name(of: state.id.scope.name))</td>\
            <td>\(status.joined(separator: "、"))</td></tr>
            """
    }

    private func filters() -> HTML {
        func select(_ name: String, _ label: String, _ options: [(String, String)], _ selected: String) -> HTML {
            let items = HTML.joined(([("", "全部")] + options).map { option -> HTML in
                "<option value=\"\(option.0)\"\(option.0 == selected ? HTML(" selected") : "")>\(option.1)</option>"
            })
            return "<div><label for=\"q-\(name)\">\(label)</label><select id=\"q-\(name)\" name=\"\(name)\">\(items)</select></div>"
        }
        let categories = [("none", "未填去向")] + CodeSet.latest.destination.categories.map { ($0.code, "\($0.code) \($0.name)") }
        var parts: [HTML] = [
            "<div><label for=\"q-q\">学号或姓名</label><input type=\"search\" id=\"q-q\" name=\"q\" value=\"\(query.search)\"></div>",
            select("major", "专业", majors.map { ($0, $0) }, query.major),
            select("category", "去向类别", categories, query.category),
            select("placed", "落实情况", [("yes", "已落实"), ("no", "未落实")], query.placed),
        ]
        if query.sensitive {
            parts.append(select("key_group", "重点群体（敏感）", [("yes", "是"), ("no", "否")], query.keyGroup))
            parts.append("<input type=\"hidden\" name=\"sensitive\" value=\"1\">")
        }
        parts.append("<div><label><input type=\"checkbox\" name=\"conflicted\" value=\"1\"\(query.conflicted ? HTML(" checked") : "")> 仅冲突</label></div>")
        parts.append("<div><label><input type=\"checkbox\" name=\"deleted\" value=\"1\"\(query.deleted ? HTML(" checked") : "")> 已删除的</label></div>")
        if !query.todo.isEmpty { parts.append("<input type=\"hidden\" name=\"todo\" value=\"\(query.todo)\">") }
        parts.append("<div><button type=\"submit\" class=\"secondary\">筛选</button></div>")
        let toggle: HTML = query.sensitive
            ? "<a href=\"\(query.link(["sensitive": "", "key_group": "", "page": ""]))\">隐藏重点群体筛选</a>"
            : "<a href=\"\(query.link(["sensitive": "1", "page": ""]))\">显示重点群体筛选（敏感信息）</a>"
        return "<form method=\"get\" action=\"/graduates\" class=\"filters\">\(parts)<div>\(toggle)</div></form>"
    }
}
