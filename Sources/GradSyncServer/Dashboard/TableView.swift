import GradSyncPlacement

/// A report table as an HTML table: counts with thousands separators, rates as percentages, text escaped.
struct TableView {
    let table: ReportTable
    var link: (@Sendable ([String: ReportValue]) -> String?)?
    var isFlagged: (@Sendable ([String: ReportValue]) -> Bool)?

    func render() -> HTML {
        var buffer = HTMLBuffer(capacity: 256 + table.rows.count * table.columns.count * 48)
        write(into: &buffer)
        return buffer.html
    }

    /// The table written onto the end of `buffer`, as `render` gives it: each cell escaped straight into the page
    /// rather than made a fragment of its own and joined (a conflicts page has a thousand cells).
    func write(into buffer: inout HTMLBuffer) {
        guard !table.rows.isEmpty else { return buffer.append("<p class=\"empty\">暂无数据</p>") }
        buffer.append("<div class=\"table\"><table><thead><tr>")
        for column in table.columns {
            buffer.append("<th>")
            buffer.append(text: column.title)
            buffer.append("</th>")
        }
        buffer.append("</tr></thead><tbody>")
        for row in table.rows {
            buffer.append(isFlagged?(row) == true ? "<tr class=\"flagged\">" : "<tr>")
            write(cells: row, linked: true, into: &buffer)
            buffer.append("</tr>")
        }
        if showsTotal {
            buffer.append("<tr class=\"total\">")
            write(cells: table.total, linked: false, into: &buffer)
            buffer.append("</tr>")
        }
        buffer.append("</tbody></table></div>")
    }

    /// Whether the total has figures under the columns (list reports keep theirs for JSON only).
    private var showsTotal: Bool { table.columns.dropFirst().contains { table.total[$0.key] != nil } }

    private func write(cells row: [String: ReportValue], linked: Bool, into buffer: inout HTMLBuffer) {
        for (index, column) in table.columns.enumerated() {
            let value = row[column.key] ?? .empty
            buffer.append(Self.isNumber(value) ? "<td class=\"number\">" : "<td>")
            if index == 0, linked, let href = link?(row) {
                buffer.append("<a href=\"")
                buffer.append(text: href)
                buffer.append("\">")
                buffer.append(text: Self.text(value))
                buffer.append("</a></td>")
            } else {
                buffer.append(text: Self.text(value))
                buffer.append("</td>")
            }
        }
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
