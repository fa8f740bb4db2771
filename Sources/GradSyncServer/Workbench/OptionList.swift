/// The `<option>`s of one select, escaped once and kept: a record page shows every code list of the schema, and
/// rendering them (189 options, each escaped) for every request was most of the page's cost. A request only picks
/// which option carries ` selected`.
struct OptionList: Sendable {
    /// The blank first option.
    private let blank: HTML
    /// Each option without and with the selected mark, in list order.
    private let plain: [HTML]
    private let marked: [HTML]
    /// Where each value is in the list (the first, should a value repeat).
    private let index: [String: Int]

    /// The options of `list` (value, label), after a blank option reading `blank`; `extra` adds the destination
    /// codes' data attributes.
    init(_ list: [(String, String)], blank: String, extra: [String: (needed: String, used: String)] = [:]) {
        self.blank = "<option value=\"\">\(blank)</option>"
        var plain: [HTML] = []
        var marked: [HTML] = []
        var index: [String: Int] = [:]
        for (position, (value, label)) in list.enumerated() {
            let data: HTML = extra[value].map { " data-needed=\"\($0.needed)\" data-used=\"\($0.used)\"" } ?? ""
            plain.append("<option value=\"\(value)\"\(data)>\(label)</option>")
            marked.append("<option value=\"\(value)\" selected\(data)>\(label)</option>")
            if index[value] == nil { index[value] = position }
        }
        self.plain = plain
        self.marked = marked
        self.index = index
    }

    /// The options with `selected` marked; a value the list does not hold (an older code set, a synced typo) is
    /// added, visible and selected, so saving another field never silently clears it.
    func render(selected: String) -> HTML {
        var parts = [blank]
        parts.reserveCapacity(plain.count + 2)
        guard !selected.isEmpty else { return .joined(parts + plain) }
        guard let position = index[selected] else {
            return .joined(parts + plain + ["<option value=\"\(selected)\" selected>\(selected)（不在代码表中）</option>"])
        }
        parts += plain[..<position]
        parts.append(marked[position])
        parts += plain[(position + 1)...]
        return .joined(parts)
    }
}
