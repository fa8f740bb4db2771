import Foundation
import ZIPFoundation

/// Writes a one-sheet .xlsx workbook whose every cell is text: an inline string in a column formatted as text
/// (`@`), so that no spreadsheet turns an identifier into a number (a 14-digit 考生号 into `2.13501E+13`, `0212001`
/// into `212001`) nor any cell into a formula, and a value typed into the column later stays text as well.
///
/// The same rows give the same bytes: entries are stored with a fixed date.
public enum XLSXWriter {
    /// The most characters a cell may hold (Excel's limit; a longer cell would be cut or refused by Excel).
    public static let cellCharacters = 32_767

    /// The workbook of `rows`, the first row being the header (bold, and frozen above the others).
    public static func workbook(sheetName: String, rows: [[String]]) throws(XLSXError) -> Data {
        let width = rows.map(\.count).max() ?? 0
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("xl/workbook.xml", workbook(sheetName)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", try worksheet(rows, width: width)),
        ]
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, text) in parts {
                let bytes = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: fixedDate,
                                     compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw XLSXError(Messages.workbookNotAssembled(nil)) }
            return data
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError(Messages.workbookNotAssembled("\(error)"))
        }
    }

    /// 1980-01-01, the first date a ZIP entry can carry.
    private static let fixedDate = Date(timeIntervalSince1970: 315_532_800)

    private static func worksheet(_ rows: [[String]], width: Int) throws(XLSXError) -> String {
        var xml = xmlDeclaration + #"<worksheet xmlns="\#(mainNamespace)">"#
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        if width > 0 { xml += #"<cols><col min="1" max="\#(width)" width="18" style="1" customWidth="1"/></cols>"# }
        xml += "<sheetData>"
        for (rowIndex, row) in rows.enumerated() {
            let number = rowIndex + 1
            xml += #"<row r="\#(number)">"#
            for (column, text) in row.enumerated() where !text.isEmpty {
                let reference = XLSXSheet.columnName(column) + String(number)
                guard text.utf16.count <= cellCharacters else {
                    throw XLSXError(Messages.cellTooLong(cell: reference, characters: text.utf16.count, limit: cellCharacters))
                }
                let style = rowIndex == 0 ? 2 : 1
                xml += #"<c r="\#(reference)" s="\#(style)" t="inlineStr"><is><t xml:space="preserve">\#(escaped(text))</t></is></c>"#
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// Text as XML character data that spreadsheets read back unchanged.
    ///
    /// `&`, `<`, `>` are escaped; a carriage return as `&#13;` (XML parsers turn a raw one into a line feed); a
    /// character XML 1.0 cannot hold, and a literal `_x` + four hex digits + `_` (which Excel would decode as such
    /// a character), in Excel's `_xHHHH_` form (ECMA-376 §22.9.2.19).
    static func escaped(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "_" where looksEscaped(scalars, at: index): out += "_x005F_"
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF {
                    out += "_x" + String(format: "%04X", value) + "_"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Whether `_xHHHH_` starts at `index`.
    private static func looksEscaped(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)...(index + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    private static let xmlDeclaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private static let contentTypes = xmlDeclaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    private static let packageRelationships = xmlDeclaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    private static func workbook(_ sheetName: String) -> String {
        xmlDeclaration + """
            <workbook xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)">\
            <sheets><sheet name="\(escaped(sheetName).replacingOccurrences(of: "\"", with: "&quot;"))" sheetId="1" r:id="rId1"/></sheets>\
            </workbook>
            """
    }

    private static let workbookRelationships = xmlDeclaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipNamespace)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="\(relationshipNamespace)/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// Style 0 the default; 1 text (`@`, number format 49); 2 text in bold, for the header.
    private static let styles = xmlDeclaration + """
        <styleSheet xmlns="\(mainNamespace)">\
        <fonts count="2"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font>\
        <font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
