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

    /// Query parameters the CSV link carries from the page's address (`&grad_year=2024`), so the file counts what the page does.
    var carried = ""

    /// The section as HTML: heading, note, chart, table and its CSV link, then its forms.
    func render(formToken: String) -> HTML {
        var buffer = HTMLBuffer()
        write(formToken: formToken, into: &buffer)
        return buffer.html
    }

    /// The section written onto the end of `buffer`, as `render` gives it.
    func write(formToken: String, into buffer: inout HTMLBuffer) {
        buffer.append("<section><h2>")
        buffer.append(text: title)
        buffer.append("</h2>")
        if let note {
            buffer.append("<p class=\"note\">")
            buffer.append(note)
            buffer.append("</p>")
        }
        if let chart { buffer.append(chart) }
        if let table {
            TableView(table: table, link: link, isFlagged: isFlagged).write(into: &buffer)
            buffer.append("<p class=\"download\"><a href=\"?format=csv&amp;table=")
            buffer.append(text: name)
            buffer.append(text: carried)
            buffer.append("\">下载 CSV</a></p>")
        }
        if let forms { buffer.append(forms(formToken)) }
        buffer.append("</section>")
    }
}
