import GradSyncPlacement

/// One part of a dashboard page: a heading, an optional note and chart, and a table that downloads as CSV.
struct DashboardSection {
    /// The heading.
    let title: String
    /// The name of the table in `?format=csv&table=NAME` and in the file name (ASCII).
    let name: String
    /// The table, or nil for a section of text only.
    var table: ReportTable?
    /// A sentence or two above the table.
    var note: HTML?
    /// An inline SVG chart above the table.
    var chart: HTML?
    /// Where the first column's value links to, if anywhere.
    var link: (@Sendable ([String: ReportValue]) -> String?)?
    /// Rows to highlight, e.g. a replica whose clock is off.
    var isFlagged: (@Sendable ([String: ReportValue]) -> Bool)?
    /// Forms below the table, given the session's form token.
    var forms: (@Sendable (String) -> HTML)?

    init(_ title: String, name: String, table: ReportTable?, note: HTML? = nil, chart: HTML? = nil,
         link: (@Sendable ([String: ReportValue]) -> String?)? = nil, isFlagged: (@Sendable ([String: ReportValue]) -> Bool)? = nil,
         forms: (@Sendable (String) -> HTML)? = nil) {
        self.title = title
        self.name = name
        self.table = table
        self.note = note
        self.chart = chart
        self.link = link
        self.isFlagged = isFlagged
        self.forms = forms
    }

    /// The section as HTML: heading, note, chart, table and its CSV link, then its forms.
    func render(formToken: String) -> HTML {
        var parts: [HTML] = ["<section><h2>\(title)</h2>"]
        if let note { parts.append("<p class=\"note\">\(note)</p>") }
        if let chart { parts.append(chart) }
        if let table {
            parts.append(TableView(table: table, link: link, isFlagged: isFlagged).render())
            parts.append("<p class=\"download\"><a href=\"?format=csv&amp;table=\(name)\">下载 CSV</a></p>")
        }
        if let forms { parts.append(forms(formToken)) }
        parts.append("</section>")
        return .joined(parts)
    }
}
