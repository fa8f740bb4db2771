import GradSyncPlacement

/// `/ledger`: the key-group assistance ledger (重点群体帮扶台账) — mentor, talks, recommendations and training per
/// key-group graduate, with progress toward the rule. Sensitive personal information: shown only here, and marked.
struct LedgerPage {
    let table: ReportTable
    /// Whether only graduates below the rule are listed.
    let belowOnly: Bool
    let author: String

    func render() -> HTML {
        let rows = belowOnly ? table.rows.filter { $0["compliant"] == .flag(false) } : table.rows
        let shown = ReportTable(report: table.report, by: table.by, columns: table.columns, rows: rows, total: [:])
        let toggle: HTML = belowOnly ? "<a href=\"/ledger\">显示全部</a>" : "<a href=\"/ledger?below=1\">只看未达标</a>"
        let body: HTML = """
            <p class="sensitive" role="note">敏感个人信息：重点群体帮扶台账只在本页显示，仅用于帮扶工作，请勿截图外传。</p>\
            <p class="note">达标要求：已配帮扶导师、谈心谈话 ≥ 2 次、岗位推荐 ≥ 5 次。帮扶记录用 <code>gradsync ledger add</code> 录入。 \(toggle)</p>\
            \(TableView(table: shown, isFlagged: { $0["compliant"] == .flag(false) }).render())
            """
        return WorkbenchLayout.page(title: "重点群体帮扶台账", current: "/ledger", author: author, body: body)
    }
}
