import Foundation

/// Writes CSV the way Excel on Chinese Windows reads it: CRLF line ends, quoting where needed,
/// UTF-8 with a byte-order mark (so Excel recognises UTF-8) or GB18030.
///
/// Every CSV the project writes (exports, reports, dashboard downloads) comes from here, so that no cell can
/// become a formula: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a
/// `'` in front (OWASP, "CSV Injection"). That holds for numbers too: the project's own figures are never
/// negative, and a `-3` from an unknown field is written `'-3`, since a cell like `-2+3+cmd|…` starts the same way.
public enum CSVWriter {
    /// The first characters that make a spreadsheet read a cell as a formula (or, for tab and CR, hide one).
    public static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// The CSV text of `rows` (the header first), each line ended by CRLF.
    public static func text(_ rows: [[String]]) -> String {
        rows.map { $0.map(quoted).joined(separator: ",") + "\r\n" }.joined()
    }

    /// The bytes of `rows` in `encoding`; UTF-8 starts with a byte-order mark.
    public static func data(_ rows: [[String]], encoding: TextEncoding = .utf8) -> Data? {
        let text = text(rows)
        switch encoding {
        case .utf8: return Data(TextEncoding.byteOrderMark) + Data(text.utf8)
        case .gb18030: return encoding.encode(text)
        }
    }

    /// A field as a cell: made inert (`inert(_:)`), then quoted when it holds a comma, a quote, a line break,
    /// or spaces at either end.
    public static func quoted(_ text: String) -> String {
        let field = inert(text)
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The text with `'` in front when it starts with one of `formulaStarts`, so a spreadsheet shows it as text.
    public static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }
}
