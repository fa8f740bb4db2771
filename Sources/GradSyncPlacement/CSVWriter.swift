import Foundation

/// Writes CSV the way Excel on Chinese Windows reads it: CRLF line ends, quoting where needed,
/// UTF-8 with a byte-order mark (so Excel recognises UTF-8) or GB18030.
public enum CSVWriter {
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

    /// A field, quoted when it holds a comma, a quote, a line break, or spaces at either end.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
