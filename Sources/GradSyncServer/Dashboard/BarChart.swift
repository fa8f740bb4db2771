/// A horizontal bar chart drawn as inline SVG on the server: no script, no external asset.
struct BarChart {
    /// One bar: its label, its length from 0 to 1, and the figure written beside it.
    struct Bar {
        let label: String
        let value: Double
        let caption: String
    }

    let title: String
    let bars: [Bar]
    /// A vertical reference line, e.g. the university's rate beside the departments'.
    var reference: (value: Double, label: String)?

    private let width = 760.0
    private let labelWidth = 190.0
    private let captionWidth = 110.0
    private let rowHeight = 26.0
    private let top = 22.0

    func render() -> HTML {
        let plot = width - labelWidth - captionWidth
        let height = top + rowHeight * Double(bars.count) + 8
        var parts: [HTML] = [
            "<svg class=\"chart\" role=\"img\" aria-label=\"\(title)\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\">",
            "<title>\(title)</title>",
        ]
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            let length = max(0, min(1, bar.value)) * plot
            parts.append("""
                <text x="\(labelWidth - 8)" y="\(y + 17)" text-anchor="end" class="label">\(Self.shorten(bar.label))</text>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(plot)" height="\(rowHeight - 8)" class="track"/>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(length)" height="\(rowHeight - 8)" class="bar"/>\
                <text x="\(labelWidth + plot + 8)" y="\(y + 17)" class="value">\(bar.caption)</text>
                """)
        }
        if let reference {
            let x = labelWidth + max(0, min(1, reference.value)) * plot
            parts.append("""
                <line x1="\(x)" y1="\(top - 4)" x2="\(x)" y2="\(height - 4)" class="reference"/>\
                <text x="\(x)" y="\(top - 8)" text-anchor="middle" class="reference-label">\(reference.label)</text>
                """)
        }
        parts.append("</svg>")
        return .joined(parts)
    }

    /// Long labels are cut so they stay inside the label column.
    static func shorten(_ label: String) -> String {
        label.count > 12 ? String(label.prefix(11)) + "…" : label
    }
}
