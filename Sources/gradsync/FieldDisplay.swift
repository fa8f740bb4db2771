import Foundation
import GradSyncCore
import GradSyncPlacement

/// How field values, stamps and JSON appear in the commands' output.
enum FieldDisplay {
    /// What is shown in place of a sensitive value that was not asked for.
    static let hidden = "（已隐藏，加 --include-sensitive 显示）"

    /// A value for people: lists joined with `、`, a choice or code with its meaning (`1（男）`), strings bare,
    /// control characters as escapes (`\u{1B}`).
    static func text(_ value: FieldValue, field: RecordField?) -> String {
        visible(plainText(value, field: field))
    }

    /// Stored text (a value, an author, a key, a field name) as a terminal may print it: every control character
    /// written as an escape like `\u{1B}`, so text stored before such characters were refused cannot drive the terminal.
    static func visible(_ text: String) -> String {
        ControlCharacters.visible(text)
    }

    /// Text of several lines (a message) as a terminal may print it: control characters escaped except the line feeds
    /// between its lines. Messages can repeat what a user typed or what a node answered.
    static func visibleLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { visible(String($0)) }.joined(separator: "\n")
    }

    private static func plainText(_ value: FieldValue, field: RecordField?) -> String {
        switch value {
        case .list(let items) where items.allSatisfy({ $0.stringValue != nil }):
            return items.compactMap(\.stringValue).joined(separator: "、")
        case .string(let text):
            switch field?.kind {
            case .choice(let options)?:
                guard let option = options.first(where: { $0.value == text }), option.meaning != text else { return text }
                return "\(text)（\(option.meaning)）"
            case .code(let list)?:
                guard let classification = list.list(in: .latest).classify(text) else { return text }
                return "\(text)（\(classification.name)）"
            default:
                return text
            }
        default:
            return value.displayText
        }
    }

    /// Whether a graduate field is shown only when sensitive data is asked for.
    static func isSensitive(_ name: String) -> Bool {
        GraduateSchema.sensitiveFieldNames.contains(name)
    }

    /// A time in ISO 8601 with the local offset and milliseconds, e.g. `2026-06-01T08:00:00.000+08:00`.
    static func time(milliseconds: UInt64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone.current
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// The time a change was written, from its hybrid logical clock stamp.
    static func time(of change: Change) -> String {
        time(milliseconds: change.hlc.milliseconds)
    }

    /// Prints a value as canonical JSON on one line.
    static func printJSON(_ value: FieldValue) {
        print(value.canonicalJSON)
    }

    /// A text table with Chinese titles aligned by display width (rows of plain text cells).
    static func table(_ columns: [(key: String, title: String)], _ rows: [[String: String]]) -> String {
        ReportTable(report: "", by: "", columns: columns.map { ReportColumn($0.key, $0.title) },
                    rows: rows.map { $0.mapValues(ReportValue.text) }, total: [:]).renderText()
    }
}
