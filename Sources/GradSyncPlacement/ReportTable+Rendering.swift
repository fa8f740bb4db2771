import Foundation
import GradSyncCore

extension ReportTable {
    /// A text table for the terminal: Chinese titles, columns aligned by display width (CJK = 2), numbers right-aligned.
    ///
    /// Control characters in a cell are written as escapes (`\u{1B}`): cells hold stored text, which a terminal must never obey.
    public func renderText() -> String {
        var lines = rows.map(cells)
        if showsTotal { lines.append(cells(total)) }
        let titles = columns.map(\.title)
        let widths = columns.indices.map { index in
            ([titles[index]] + lines.map { $0[index] }).map(DisplayWidth.of).max() ?? 0
        }
        let numeric = columns.map { column in
            (rows + [total]).allSatisfy { row in
                switch row[column.key] ?? .empty {
                case .count, .rate, .tenths, .empty: return true
                case .text, .flag: return false
                }
            }
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { DisplayWidth.pad(cells[$0], to: widths[$0], alignRight: numeric[$0]) }
                .joined(separator: "  ").trimmingTrailingSpaces
        }
        var out = [line(titles), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += lines.dropLast(showsTotal ? 1 : 0).map(line)
        if showsTotal { out += [out[1], line(lines[lines.count - 1])] }
        return out.joined(separator: "\n") + "\n"
    }

    /// The CSV download of the table, as every front end serves it (CLI `--format csv`, dashboard): UTF-8 with a
    /// byte-order mark, and codes Excel would mangle (专业代码 `080801`, a 14-digit 考生号) written as `="…"`
    /// (`CSVWriter.textFormula`), the export's convention, so they open and save back as written.
    public func csvData() -> Data {
        CSVWriter.data(csvRows(), digitsAsText: true) ?? Data()
    }

    /// CSV rows (titles first, then rows, then the total), for `CSVWriter`.
    public func csvRows() -> [[String]] {
        var result = [columns.map(\.title)] + rows.map { row in columns.map { csvCell(row[$0.key] ?? .empty) } }
        if showsTotal { result.append(columns.map { csvCell(total[$0.key] ?? .empty) }) }
        return result
    }

    /// Whether the total has figures under the columns (list reports keep theirs for JSON only).
    private var showsTotal: Bool {
        columns.dropFirst().contains { total[$0.key] != nil }
    }

    /// `{"report": NAME, "by": DIM, "rows": [...], "total": {...}}` with sorted keys, one line, rates to four decimals.
    public func renderJSON() -> String {
        var out = "{\"by\":"
        FieldValue.writeString(by, to: &out)
        out += ",\"report\":"
        FieldValue.writeString(report, to: &out)
        out += ",\"rows\":[" + rows.map(jsonObject).joined(separator: ",") + "]"
        out += ",\"total\":" + jsonObject(total) + "}"
        return out
    }

    private func cells(_ row: [String: ReportValue]) -> [String] {
        columns.map { column in
            switch row[column.key] ?? .empty {
            case .text(let text): return ControlCharacters.visible(text)
            case .count(let count): return String(count)
            case .tenths(let tenths): return Tenths.text(tenths)
            case .rate(let rate): return ReportTable.percent(rate)
            case .flag(let flag): return flag ? "是" : "否"
            case .empty: return ""
            }
        }
    }

    private func csvCell(_ value: ReportValue) -> String {
        switch value {
        case .text(let text): return text
        case .count(let count): return String(count)
        case .tenths(let tenths): return Tenths.text(tenths)
        case .rate(let rate): return String(ReportValue.rounded(rate))
        case .flag(let flag): return flag ? "是" : "否"
        case .empty: return ""
        }
    }

    private func jsonObject(_ row: [String: ReportValue]) -> String {
        let keys = row.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let members = keys.map { key -> String in
            var out = ""
            FieldValue.writeString(key, to: &out)
            out += ":"
            switch row[key]! {
            case .text(let text): FieldValue.writeString(text, to: &out)
            case .count(let count): out += String(count)
            case .tenths(let tenths): out += Tenths.text(tenths)
            case .rate(let rate): out += String(ReportValue.rounded(rate))
            case .flag(let flag): out += flag ? "true" : "false"
            case .empty: out += "null"
            }
            return out
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// A share as a percentage with two decimals, e.g. `85.71%`.
    static func percent(_ rate: Double) -> String {
        let hundredths = Int((rate * 10_000).rounded())
        let fraction = String(hundredths % 100)
        return "\(hundredths / 100).\(fraction.count == 1 ? "0" + fraction : fraction)%"
    }
}

extension String {
    /// The text without trailing spaces.
    var trimmingTrailingSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
