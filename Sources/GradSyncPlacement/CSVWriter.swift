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

    /// The CSV text of `rows` (the header first), each line ended by CRLF; with `digitsAsText`, cells Excel would
    /// turn into other digits are written as text formulas (`textFormula(_:)`).
    public static func text(_ rows: [[String]], digitsAsText: Bool = false) -> String {
        rows.map { row in
            row.map { digitsAsText ? textFormula($0) ?? quoted($0) : quoted($0) }.joined(separator: ",") + "\r\n"
        }.joined()
    }

    /// The bytes of `rows` in `encoding`; UTF-8 starts with a byte-order mark.
    public static func data(_ rows: [[String]], encoding: TextEncoding = .utf8, digitsAsText: Bool = false) -> Data? {
        let text = text(rows, digitsAsText: digitsAsText)
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

    /// `="0212001"` for a cell of digits that Excel, opening the CSV, would store as a number it cannot give back as
    /// written: one with a leading zero (`0212001` → `212001`, `080801` → `80801`) or more than 11 digits (a 14-digit
    /// 考生号 shown as `2.13501E+13`, and saved back so). Excel and LibreOffice read the formula as the text itself.
    /// Nil for any other cell.
    ///
    /// It is a formula, but a constant one that only digits ever enter, so it cannot carry an injected formula; the
    /// roster import reads it back as its digits (`textFormulaContent(_:)`).
    public static func textFormula(_ text: String) -> String? {
        guard text.count > 1, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }),
              text.hasPrefix("0") || text.count > 11 else { return nil }
        return "=\"" + text + "\""
    }

    /// The digits of a cell written by `textFormula(_:)` (`="0212001"` → `0212001`), or nil for any other cell.
    public static func textFormulaContent(_ cell: String) -> String? {
        guard cell.hasPrefix("=\""), cell.hasSuffix("\""), cell.count > 3 else { return nil }
        let inner = String(cell.dropFirst(2).dropLast())
        return textFormula(inner) == nil ? nil : inner
    }

    /// The text with `'` in front when it starts with one of `formulaStarts`, so a spreadsheet shows it as text.
    public static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }
}
