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
    /// What became of the form just posted, shown above everything: a refusal lists every problem.
    var notice: FormNotice?

    /// The whole HTML page; `formToken` goes into every form on it.
    func render(formToken: String) -> HTML {
        var body: [HTML] = []
        if let notice { body.append(notice.render()) }
        if !cards.isEmpty {
            let items = HTML.joined(cards.map { card in
                "<div class=\"card\"><div class=\"figure\">\(card.figure)</div><div class=\"caption\">\(card.caption)</div></div>"
            })
            body.append("<div class=\"cards\">\(items)</div>")
        }
        body += sections.map { $0.render(formToken: formToken) }
        return DashboardLayout.page(title: title, current: current, formToken: formToken, body: .joined(body))
    }

    /// The section whose table `?table=NAME` asks for; the first with a table when no name is given.
    func section(named name: String?) -> DashboardSection? {
        guard let name else { return sections.first { $0.table != nil } }
        return sections.first { $0.name == name && $0.table != nil }
    }
}
