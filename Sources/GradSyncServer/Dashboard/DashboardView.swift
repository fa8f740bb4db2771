/// A dashboard page before it is rendered: its title, a row of headline figures and its sections.
struct DashboardView {
    /// The page title.
    let title: String
    /// The navigation entry to mark, e.g. `/flows`.
    let current: String
    /// Headline figures, caption and value.
    var cards: [(caption: String, figure: String)] = []
    /// The sections, each with a table that downloads as CSV.
    var sections: [DashboardSection]
    /// The cohort selector shown above the figures (report pages only).
    var selector: CohortSelector?
    /// What became of the form just posted, shown above everything: a refusal lists every problem.
    var notice: FormNotice?

    /// The whole HTML page; `formToken` goes into every form on it.
    func render(formToken: String) -> HTML {
        // Written into one buffer: nested fragments joined level by level copied the page's bulk at every level.
        var buffer = HTMLBuffer(capacity: 32 * 1024)
        DashboardLayout.page(title: title, current: current, formToken: formToken, into: &buffer) { buffer in
            if let notice { buffer.append(notice.render()) }
            if let selector { buffer.append(selector.render()) }
            if !cards.isEmpty {
                buffer.append("<div class=\"cards\">")
                for card in cards {
                    buffer.append("<div class=\"card\"><div class=\"figure\">")
                    buffer.append(text: card.figure)
                    buffer.append("</div><div class=\"caption\">")
                    buffer.append(text: card.caption)
                    buffer.append("</div></div>")
                }
                buffer.append("</div>")
            }
            for section in sections { section.write(formToken: formToken, into: &buffer) }
        }
        return buffer.html
    }

    /// The section whose table `?table=NAME` asks for; the first with a table when no name is given.
    func section(named name: String?) -> DashboardSection? {
        guard let name else { return sections.first { $0.table != nil } }
        return sections.first { $0.name == name && $0.table != nil }
    }
}
