/// The `<option>`s of one select, escaped once and kept: a record page shows every code list of the schema, and
/// rendering them (189 options, each escaped) for every request was most of the page's cost. A request only picks
/// which option carries ` selected`.
///
/// The options are kept as one fragment with each option's bounds, so a page copies the options before the selected
/// one, the selected one's marked variant and the options after it: three copies, whatever the list's length.
struct OptionList: Sendable {
    /// The blank first option.
    private let blank: HTML
    /// Every option without the selected mark, in list order, one after another.
    private let plain: HTML
    /// Where each option starts in `plain`, and where the last ends (one more than there are options).
    private let bounds: [String.Index]
    /// Each option with the selected mark.
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
        let joined = HTML.joined(plain)
        let utf8 = joined.rendered.utf8
        var bounds = [utf8.startIndex]
        var offset = 0
        for option in plain {
            offset += option.rendered.utf8.count
            bounds.append(utf8.index(utf8.startIndex, offsetBy: offset))
        }
        self.plain = joined
        self.bounds = bounds
        self.marked = marked
        self.index = index
    }

    /// The options with `selected` marked; a value the list does not hold (an older code set, a synced typo) is
    /// added, visible and selected, so saving another field never silently clears it.
    func render(selected: String) -> HTML {
        var buffer = HTMLBuffer(capacity: plain.rendered.utf8.count + 128)
        write(selected: selected, into: &buffer)
        return buffer.html
    }

    /// The options, as `render` gives them, onto the end of `buffer`.
    func write(selected: String, into buffer: inout HTMLBuffer) {
        buffer.append(blank)
        guard !selected.isEmpty else { return buffer.append(plain) }
        guard let position = index[selected] else {
            buffer.append(plain)
            buffer.append("<option value=\"")
            buffer.append(text: selected)
            buffer.append("\" selected>")
            buffer.append(text: selected)
            buffer.append("（不在代码表中）</option>")
            return
        }
        buffer.append(plain, bounds[0]..<bounds[position])
        buffer.append(marked[position])
        buffer.append(plain, bounds[position + 1]..<bounds[bounds.count - 1])
    }
}
