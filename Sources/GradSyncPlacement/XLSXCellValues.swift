/// What a worksheet's cells need from the rest of the workbook to become text: shared strings, the number format
/// of each style, and the date system.
struct XLSXCellValues {
    let strings: [String]
    /// Per cell style index, whether its number format shows a date.
    let dateStyles: [Bool]
    let date1904: Bool

    init(strings: [String], styles: XLSXMarkup.StyleSheet?, date1904: Bool) {
        self.strings = strings
        self.date1904 = date1904
        var customDates: [Int: Bool] = [:]
        for format in styles?.numFmts?.numFmt ?? [] {
            if let id = Int(format.numFmtId) { customDates[id] = XLSXCellText.isDateFormat(format.formatCode) }
        }
        dateStyles = (styles?.cellXfs?.xf ?? []).map { style in
            guard let id = style.numFmtId.flatMap({ Int($0) }) else { return false }
            return customDates[id] ?? XLSXCellText.builtInDateFormats.contains(id)
        }
    }

    /// The text of one cell, by its type (ECMA-376 §18.18.11).
    func text(of cell: XLSXMarkup.Cell, reference: String) throws(XLSXError) -> String {
        let stored = cell.v?.value ?? ""
        switch cell.t ?? "n" {
        case "s":
            guard let index = Int(stored), strings.indices.contains(index) else {
                throw XLSXError(Messages.missingSharedString(cell: reference, index: stored))
            }
            return strings[index]
        case "inlineStr": return cell.is?.text ?? ""
        case "b": return stored == "1" ? "TRUE" : stored == "0" ? "FALSE" : stored
        case "d": return stored.count >= 10 && CalendarDate(String(stored.prefix(10))) != nil ? String(stored.prefix(10)) : stored
        case "n":
            guard !stored.isEmpty else { return "" }
            let style = cell.s.flatMap { Int($0) } ?? 0
            if dateStyles.indices.contains(style), dateStyles[style], let date = XLSXCellText.date(serial: stored, date1904: date1904) {
                return date
            }
            return XLSXCellText.number(stored) ?? stored
        default: return stored  // "str" (a formula's text) and "e" (an error value such as #N/A) as written
        }
    }
}
