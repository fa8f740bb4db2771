/// One worksheet read from an .xlsx workbook: every row holding a cell, each cell as the text a roster reads.
public struct XLSXSheet: Sendable, Equatable {
    /// One row of the sheet.
    public struct Row: Sendable, Equatable {
        /// The row's number as the spreadsheet shows it (from 1).
        public let number: Int
        /// The cells from column A on; a missing cell is empty text.
        public let cells: [String]
    }

    /// The sheet's name on its tab.
    public let name: String
    /// The rows in sheet order; rows the file does not hold at all are absent.
    public let rows: [Row]

    /// The letters of the column at `index` (0 is A, 25 is Z, 26 is AA).
    public static func columnName(_ index: Int) -> String {
        var name = ""
        var rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    /// The index of a cell reference's column (`C7` → 2) and its row number, or nil when it is not one.
    public static func position(of reference: String) -> (column: Int, row: Int)? {
        let letters = reference.prefix { $0.isASCII && $0.isLetter }
        guard !letters.isEmpty, letters.count <= 3, let row = Int(reference.dropFirst(letters.count)), row > 0 else { return nil }
        let column = letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
        return (column - 1, row)
    }
}
