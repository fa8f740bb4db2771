import Foundation

/// How a stored cell value becomes the text a roster reads, as the spreadsheet shows it where that matters.
///
/// Numbers are stored as doubles written in text (`20350102150001`, or `2.0350102150001E+13` from some writers):
/// a whole number is given back as exactly its digits, never in scientific notation nor with `.0`, so a 14-digit
/// 考生号 or a 学号 typed as a number reads as typed. A number in a date format is a date (`yyyy-mm-dd`).
enum XLSXCellText {
    /// The built-in number formats (ECMA-376 §18.8.30, with the East Asian ones Excel uses for zh-CN) that show dates.
    static let builtInDateFormats: Set<Int> = Set([14, 15, 16, 17, 22]).union(27...36).union(50...58)

    /// Whether a custom format code shows a date: it has a year or day token outside quotes, brackets and escapes.
    static func isDateFormat(_ code: String) -> Bool {
        var plain = String.UnicodeScalarView()
        var inQuotes = false, inBrackets = false, escaped = false
        for scalar in code.unicodeScalars {
            if escaped { escaped = false; continue }
            switch scalar {
            case "\\" where !inQuotes: escaped = true
            case "\"": inQuotes.toggle()
            case "[" where !inQuotes: inBrackets = true
            case "]" where !inQuotes: inBrackets = false
            default: if !inQuotes && !inBrackets { plain.append(scalar) }
            }
        }
        let tokens = String(plain).lowercased()
        return tokens.contains("y") || tokens.contains("d")
    }

    /// The text of a numeric value: a whole number as its digits, a fraction to Excel's 15 significant digits.
    ///
    /// Nil when `stored` is not a number at all.
    static func number(_ stored: String) -> String? {
        guard let expanded = plainDecimal(stored) else { return nil }
        guard expanded.contains(".") else { return expanded }
        guard let value = Double(stored) else { return expanded }
        let shown = String(format: "%.15g", value)
        return shown.contains("e") ? expanded : shown
    }

    /// A decimal number in scientific or plain notation as plain digits, exactly (no floating point), without
    /// trailing fractional zeros: `2.0350102150001E+13` → `20350102150001`, `10.0` → `10`, `1.5E-2` → `0.015`.
    static func plainDecimal(_ text: String) -> String? {
        let parts = text.uppercased().split(separator: "E", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        var mantissa = Substring(parts[0])
        var negative = false
        if mantissa.first == "-" || mantissa.first == "+" {
            negative = mantissa.first == "-"
            mantissa = mantissa.dropFirst()
        }
        let pieces = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, !mantissa.isEmpty, pieces.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        var exponent = 0
        if parts.count == 2 {
            guard let value = Int(parts[1]), abs(value) <= 400 else { return nil }
            exponent = value
        }
        var digits = String(pieces[0]) + (pieces.count == 2 ? String(pieces[1]) : "")
        guard !digits.isEmpty else { return nil }
        // The decimal point sits after `point` digits.
        var point = pieces[0].count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var whole = String(digits.prefix(point).drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        var fraction = String(digits.dropFirst(point))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let body = fraction.isEmpty ? whole : whole + "." + fraction
        return negative && body != "0" ? "-" + body : body
    }

    /// Text with Excel's escapes (`_x000D_`, written for characters XML cannot hold; `_x005F_` for `_`) decoded.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
               case let hex = scalars[(index + 2)...(index + 5)], hex.allSatisfy({ $0.properties.isASCIIHexDigit }),
               let value = UInt32(String(hex.map(Character.init)), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                index += 7
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    /// The date of a serial (`yyyy-mm-dd`; a time of day is dropped), in the 1900 or the 1904 date system.
    ///
    /// In the 1900 system Excel counts 1900-02-29, a day that never was (serial 60), as Lotus 1-2-3 did: serials
    /// from 61 are days since 1899-12-30, earlier ones since 1899-12-31. Nil for a negative or non-numeric serial.
    static func date(serial stored: String, date1904: Bool) -> String? {
        guard let value = Double(stored), value >= 0, value < 3_000_000 else { return nil }
        let days = Int(value.rounded(.down))
        // Days from 1970-01-01 (CalendarDate's epoch) to each system's day 0.
        if date1904 { return CalendarDate(daysSinceEpoch: days - 24_107).description }
        if days == 60 { return "1900-02-29" }
        return CalendarDate(daysSinceEpoch: days - (days < 60 ? 25_568 : 25_569)).description
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
