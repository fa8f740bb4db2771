import GradSyncCore

/// What became of a form just posted: done, or refused with every problem (nothing was written).
struct FormNotice: Sendable {
    /// Whether the form's act was done.
    let isDone: Bool
    /// The headline.
    let message: String
    /// Every problem found, each naming its field; empty when done.
    var problems: [String] = []

    /// A refusal listing validation problems: each as the layer that checked it put it.
    static func refused(_ message: String, problems: [ValidationError]) -> FormNotice {
        FormNotice(isDone: false, message: message, problems: problems.map(\.description))
    }

    /// The notice as HTML.
    func render() -> HTML {
        let items = HTML.joined(problems.map { "<li>\($0)</li>" as HTML })
        let list: HTML = problems.isEmpty ? "" : "<ul>\(items)</ul>"
        return "<div class=\"notice \(isDone ? "done" : "refused")\" role=\"\(isDone ? "status" : "alert")\"><p>\(message)</p>\(list)</div>"
    }
}
