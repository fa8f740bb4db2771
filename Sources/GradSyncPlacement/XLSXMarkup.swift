import Foundation
import XMLCoder

/// The shapes of the SpreadsheetML parts a roster is read from (ECMA-376 Part 1, §18), as `XMLCoder` decodes them.
///
/// Only what a roster needs is declared; every other element and attribute is ignored. Namespaces are processed, so
/// elements are matched by local name whether a writer uses the default namespace (Excel, LibreOffice) or a prefix
/// (`<x:worksheet>`, as the Open XML SDK writes); attributes keep their prefix (`r:id`), which every writer spells so.
enum XLSXMarkup {
    /// `_rels/.rels` and `xl/_rels/workbook.xml.rels`: where the parts are.
    struct Relationships: Decodable {
        let relationship: [Relationship]?

        enum CodingKeys: String, CodingKey { case relationship = "Relationship" }
    }

    /// One relationship: its id, its kind and the part it points at (relative to the source part's folder).
    struct Relationship: Decodable {
        let id: String
        let type: String
        let target: String

        enum CodingKeys: String, CodingKey {
            case id = "Id", type = "Type", target = "Target"
        }
    }

    /// `xl/workbook.xml`: the date system and the sheets in tab order.
    struct Workbook: Decodable {
        let workbookPr: WorkbookProperties?
        let sheets: Sheets
    }

    /// `<workbookPr date1904="1"/>`: serials count from 1904-01-01 (Excel for Mac before 2011).
    struct WorkbookProperties: Decodable {
        let date1904: String?
    }

    /// `<sheets>`.
    struct Sheets: Decodable {
        let sheet: [Sheet]?
    }

    /// One sheet's name, whether it is hidden, and the relationship id of its part.
    struct Sheet: Decodable {
        let name: String
        let state: String?
        let relationship: String

        /// Whether the sheet's tab is shown (`state` absent or `visible`; not `hidden` or `veryHidden`).
        var isVisible: Bool { state == nil || state == "visible" }

        enum CodingKeys: String, CodingKey {
            case name, state, relationship = "r:id"
        }
    }

    /// `xl/sharedStrings.xml`: the text of every `t="s"` cell, by index.
    struct SharedStrings: Decodable {
        let si: [RichText]?
    }

    /// A string item: plain (`<t>`) or rich text runs (`<r><t>`); phonetic runs (`<rPh>`) are not part of the text.
    struct RichText: Decodable {
        let t: Text?
        let r: [Run]?

        /// The text shown in the cell, Excel's `_xHHHH_` escapes decoded.
        var text: String {
            XLSXCellText.unescaped((t?.value ?? "") + (r ?? []).map { $0.t?.value ?? "" }.joined())
        }
    }

    /// A run of rich text.
    struct Run: Decodable {
        let t: Text?
    }

    /// A `<t>` element: its text (it may carry `xml:space`, so it is decoded as an element with a value).
    struct Text: Decodable {
        let value: String?

        enum CodingKeys: String, CodingKey { case value = "" }
    }

    /// `xl/styles.xml`: the number format of each cell style.
    struct StyleSheet: Decodable {
        let numFmts: NumberFormats?
        let cellXfs: CellFormats?
    }

    /// `<numFmts>`: the workbook's own number formats (ids from 164).
    struct NumberFormats: Decodable {
        let numFmt: [NumberFormat]?
    }

    /// One number format's id and code (`yyyy"年"m"月"d"日"`).
    struct NumberFormat: Decodable {
        let numFmtId: String
        let formatCode: String
    }

    /// `<cellXfs>`: the cell styles a cell's `s` attribute indexes.
    struct CellFormats: Decodable {
        let xf: [CellFormat]?
    }

    /// One cell style; only its number format matters here.
    struct CellFormat: Decodable {
        let numFmtId: String?
    }

    /// A worksheet part: its rows and merged ranges.
    struct Worksheet: Decodable {
        let sheetData: SheetData?
        let mergeCells: MergeCells?
    }

    /// `<sheetData>`.
    struct SheetData: Decodable {
        let row: [Row]?
    }

    /// One row: its number (optional in the format: then one after the previous) and its cells.
    struct Row: Decodable {
        let r: String?
        let c: [Cell]?
    }

    /// One cell: its reference (optional: then the next column), style, type, value and inline string.
    struct Cell: Decodable {
        let r: String?
        let s: String?
        let t: String?
        let v: Text?
        let `is`: RichText?
    }

    /// `<mergeCells>`.
    struct MergeCells: Decodable {
        let mergeCell: [MergeCell]?
    }

    /// One merged range (`A2:A5`).
    struct MergeCell: Decodable {
        let ref: String
    }

    /// Decodes a part.
    static func decode<Part: Decodable>(_ type: Part.Type, from data: Data) throws -> Part {
        let decoder = XMLDecoder()
        decoder.shouldProcessNamespaces = true
        // Spaces are part of a cell's text (a rich-text run may start with one); the roster trims each cell itself.
        decoder.trimValueWhitespaces = false
        return try decoder.decode(type, from: data)
    }
}
