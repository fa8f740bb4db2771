import Foundation
import Synchronization

/// Finding rows and cells in rendered pages.
enum PageAssertions {
    /// The `<tr>` (from just after `<tr`) whose first cell's text is `first`, or "" when there is none.
    static func row(_ html: String, first: String) -> String {
        for piece in html.components(separatedBy: "<tr").dropFirst() {
            let row = piece.components(separatedBy: "</tr>")[0]
            if cells(row).first == first { return row }
        }
        return ""
    }

    /// The texts of a row's cells, tags removed.
    static func cells(_ row: String) -> [String] {
        row.components(separatedBy: "<td").dropFirst().map { cell in
            let inner = cell.components(separatedBy: "</td>")[0]
            let withoutOpen = inner.drop { $0 != ">" }.dropFirst()
            return String(withoutOpen).replacingOccurrences(of: #"<[^>]*>"#, with: "", options: .regularExpression)
        }
    }

    /// The cell texts of the row that starts with `first`.
    static func rowCells(_ html: String, first: String) -> [String] {
        cells(row(html, first: first))
    }

    /// The text of a headline card with this caption.
    static func card(_ html: String, caption: String) -> String? {
        for piece in html.components(separatedBy: "<div class=\"card\">").dropFirst() {
            let card = piece.components(separatedBy: "</div></div>")[0] + "</div>"
            guard card.contains("<div class=\"caption\">\(caption)</div>") else { continue }
            return card.components(separatedBy: "<div class=\"figure\">").dropFirst().first?.components(separatedBy: "</div>").first
        }
        return nil
    }
}

/// A string a `@Sendable` test closure fills in for the test to read afterwards.
final class TextBox: Sendable {
    private let storage = Mutex("")

    var value: String { storage.withLock { $0 } }

    func set(_ text: String) { storage.withLock { $0 = text } }
}
