import GradSyncPlacement

/// A report table as an HTML table: counts with thousands separators, rates as percentages, text escaped.
struct TableView {
    let table: ReportTable
    var link: (@Sendable ([String: ReportValue]) -> String?)?
    var isFlagged: (@Sendable ([String: ReportValue]) -> Bool)?

    func render() -> HTML {
        guard !table.rows.isEmpty else { return "<p class=\"empty\">暂无数据</p>" }
        let head = HTML.joined(table.columns.map { column in "<th>\(column.title)</th>" })
        var body = table.rows.map { row -> HTML in
            "<tr\(isFlagged?(row) == true ? HTML(" class=\"flagged\"") : "")>\(cells(row, linked: true))</tr>" as HTML
        }
        if showsTotal { body.append("<tr class=\"total\">\(cells(table.total, linked: false))</tr>") }
        return "<div class=\"table\"><table><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>"
    }

    /// Whether the total has figures under the columns (list reports keep theirs for JSON only).
    private var showsTotal: Bool { table.columns.dropFirst().contains { table.total[$0.key] != nil } }

    private func cells(_ row: [String: ReportValue], linked: Bool) -> HTML {
        .joined(table.columns.enumerated().map { index, column -> HTML in
            let value = row[column.key] ?? .empty
            let text = Self.text(value)
            let numeric: HTML = Self.isNumber(value) ? " class=\"number\"" : ""
            if index == 0, linked, let href = link?(row) {
                return "<td\(numeric)><a href=\"\(href)\">\(text)</a></td>"
            }
            return "<td\(numeric)>\(text)</td>"
        })
    }

    /// A cell's text as the office writes it.
    static func text(_ value: ReportValue) -> String {
        switch value {
        case .text(let text): return text
        case .count(let count): return DashboardFormat.count(count)
        case .tenths(let tenths): return Tenths.text(tenths)
        case .rate(let rate): return DashboardFormat.percent(rate)
        case .flag(let flag): return flag ? "是" : "否"
        case .empty: return ""
        }
    }

    private static func isNumber(_ value: ReportValue) -> Bool {
        switch value {
        case .count, .rate, .tenths: return true
        default: return false
        }
    }
}
