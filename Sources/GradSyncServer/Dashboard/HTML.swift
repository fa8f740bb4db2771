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

    fileprivate init(rendered: String) { self.rendered = rendered }

    /// Fragments one after another.
    static func joined(_ parts: [HTML], separator: HTML = "") -> HTML {
        HTML(rendered: parts.map(\.rendered).joined(separator: separator.rendered))
    }

    /// Text escaped for element content and for quoted attribute values.
    ///
    /// Byte by byte over UTF-8 (every character escaped is ASCII, so no multi-byte sequence is split), and text with
    /// nothing to escape, most of a page, is returned as it is: a page of 50 conflict forms escapes thousands of values.
    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard needsEscaping(text) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Text escaped onto the end of `output`, as `escape` escapes it; text with nothing to escape is appended as it is.
    static func escape(_ text: String, onto output: inout String) {
        if needsEscaping(text) { output += escape(text) } else { output += text }
    }

    /// Whether `text` holds a byte to escape: over its contiguous UTF-8 when it has it (a native string does), a
    /// pointer loop rather than the view's indices.
    private static func needsEscaping(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(where: needsEscaping) } ?? text.utf8.contains(where: needsEscaping)
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
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

/// A page written into one string: fragments appended as they are, text escaped on the way in (as `HTML`'s
/// interpolation escapes it).
///
/// A page of nested fragments copies each fragment once for every level it is nested in (a code list's options
/// into its select, the select into its cell, the cell into the form, the form into the page); written into one
/// buffer reserved for the whole page, each byte is copied once.
struct HTMLBuffer {
    private var output = ""

    init(capacity: Int = 1024) { output.reserveCapacity(capacity) }

    /// A fragment, as it is.
    mutating func append(_ html: HTML) { output += html.rendered }

    /// Part of a kept fragment, as it is: `range` is an index range of `html.rendered`.
    mutating func append(_ html: HTML, _ range: Range<String.Index>) { output += html.rendered[range] }

    /// Text, escaped.
    mutating func append(text: String) { HTML.escape(text, onto: &output) }

    /// A number.
    mutating func append(_ number: Int) { output += String(number) }

    /// What was written.
    var html: HTML { HTML(rendered: output) }
}
