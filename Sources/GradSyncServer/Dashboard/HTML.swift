/// A fragment of HTML: interpolated strings are escaped, interpolated fragments are not.
///
/// Escaping is the default, so a name, a department name or a conflicting value that holds `<`, `&` or
/// quotes can never become markup:
///
/// ```swift
/// let cell: HTML = "<td>\(name)</td>"   // name "<b>" renders as &lt;b&gt;
/// ```
struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation {
    /// The markup.
    let rendered: String

    init(stringLiteral value: String) { rendered = value }

    init(stringInterpolation: StringInterpolation) { rendered = stringInterpolation.output }

    private init(rendered: String) { self.rendered = rendered }

    /// Fragments one after another.
    static func joined(_ parts: [HTML], separator: HTML = "") -> HTML {
        HTML(rendered: parts.map(\.rendered).joined(separator: separator.rendered))
    }

    /// Text escaped for element content and for quoted attribute values.
    static func escape(_ text: String) -> String {
        // Most text (a name, a code, a label) holds nothing to escape: it is kept as is rather than rebuilt scalar by
        // scalar, which was a third of a record page's rendering.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var output = ""

        init(literalCapacity: Int, interpolationCount: Int) { output.reserveCapacity(literalCapacity * 2) }

        mutating func appendLiteral(_ literal: String) { output += literal }

        mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }

        mutating func appendInterpolation(_ html: HTML) { output += html.rendered }

        mutating func appendInterpolation(_ parts: [HTML]) { output += parts.map(\.rendered).joined() }

        mutating func appendInterpolation(_ number: Int) { output += String(number) }

        mutating func appendInterpolation(_ number: Double) { output += String(format: "%.1f", number) }
    }
}
