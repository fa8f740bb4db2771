import Foundation
import GradSyncCore
@testable import GradSyncPlacement
import Testing
import ZIPFoundation

/// The .xlsx export: the CSV export's table, every cell text; and the CSV export's guard for identifiers.
struct XLSXWriterTests {
    private let records = [
        GraduateRecord(department: "AUTO", studentNumber: "0212001", fields: [
            "student_no": "0212001", "exam_no": "21350102150001", "name": "张<三>&_x0041_", "major_code": "080801",
            "grad_year": .integer(2025), "key_groups": .list(["脱贫家庭", "残疾"]), "employer_name": "=HYPERLINK(\"x\")",
        ]),
        GraduateRecord(department: "CS", studentNumber: "2021010101", fields: ["student_no": "2021010101", "name": " 李四\t"]),
    ]

    private func sheetXML(_ data: Data) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive["xl/worksheets/sheet1.xml"])
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func theWorkbookReadsBackAsTheCSVTable() throws {
        for exporter in [GraduateExporter(), GraduateExporter(includeSensitive: true)] {
            let sheet = try XLSXReader().sheet(in: try exporter.xlsx(records))
            let table = exporter.csvRows(records)
            #expect(sheet.name == GraduateExporter.sheetName)
            #expect(sheet.rows.map(\.number) == Array(1...table.count))
            // A reader gives cells up to the last one written; the table's trailing empty cells are not written.
            #expect(sheet.rows.map(\.cells) == table.map { Array($0.reversed().drop { $0.isEmpty }.reversed()) })
            #expect(sheet.rows[0].cells.contains("重点群体类别") == exporter.includeSensitive)
        }
    }

    @Test func everyCellIsTextInATextColumn() throws {
        let xml = try sheetXML(try GraduateExporter().xlsx(records))
        let cells = xml.components(separatedBy: "<c ").dropFirst()
        #expect(!cells.isEmpty)
        #expect(cells.allSatisfy { $0.contains(#"t="inlineStr""#) })
        #expect(!xml.contains("<f>") && !xml.contains("<v>"))
        #expect(xml.contains(#"<t xml:space="preserve">21350102150001</t>"#))
        #expect(xml.contains(#"<t xml:space="preserve">0212001</t>"#))
        #expect(xml.contains(#"style="1""#))
        let styles = try XLSXMarkup.decode(XLSXMarkup.StyleSheet.self, from: try part("xl/styles.xml", of: try GraduateExporter().xlsx(records)))
        #expect(styles.cellXfs?.xf?.dropFirst().allSatisfy { $0.numFmtId == "49" } == true)
    }

    @Test func sameRecordsGiveTheSameBytes() throws {
        #expect(try GraduateExporter().xlsx(records) == GraduateExporter().xlsx(records.reversed()))
    }

    @Test func aCellLongerThanASpreadsheetHoldsIsRefused() {
        let long = GraduateRecord(department: "AUTO", studentNumber: "1", fields: ["future_note": .string(String(repeating: "字", count: 32_768))])
        #expect(throws: XLSXError.self) { try GraduateExporter().xlsx([long]) }
    }

    @Test func charactersXMLCannotHoldAndExcelEscapesRoundTrip() throws {
        let texts = ["a_x0041_b", "行1\r\n行2", "\u{1}", "&<>\"'", "_x00"]
        let sheet = try XLSXReader().sheet(in: try XLSXWriter.workbook(sheetName: "t", rows: [texts]))
        #expect(sheet.rows.first?.cells == texts)
    }

    @Test func csvExportWritesIdentifiersSpreadsheetsWouldChangeAsTextFormulas() {
        #expect(CSVWriter.textFormula("21350102150001") == #"="21350102150001""#)
        #expect(CSVWriter.textFormula("0212001") == #"="0212001""#)
        #expect(CSVWriter.textFormula("080801") == #"="080801""#)
        #expect(CSVWriter.textFormula("2021010101") == nil)
        #expect(CSVWriter.textFormula("10") == nil)
        #expect(CSVWriter.textFormula("0") == nil)
        #expect(CSVWriter.textFormula("2021A0101") == nil)
        #expect(CSVWriter.textFormulaContent(#"="0212001""#) == "0212001")
        #expect(CSVWriter.textFormulaContent(#"="2021""#) == nil)
        #expect(CSVWriter.textFormulaContent(#"=HYPERLINK("x")"#) == nil)
        let text = String(decoding: GraduateExporter().csv(records) ?? Data(), as: UTF8.self)
        #expect(text.contains(#"="0212001",="21350102150001","#))
        #expect(text.contains(#"="080801""#))
        #expect(text.contains("\r\n2021010101,"))
        // The formula guard of every other cell still holds.
        #expect(text.contains(#""'=HYPERLINK(""x"")""#))
        // Other spreadsheets' reports and downloads are written as before: only the export asks for text formulas.
        #expect(CSVWriter.text([["0212001"]]) == "0212001\r\n")
    }

    @Test func theCSVExportImportsBackWithItsIdentifiers() throws {
        let data = try #require(GraduateExporter().csv(records))
        let roster = try RosterParser(departments: Fixture.departments).parse(file: data, named: "export.csv")
        #expect(roster.rows.map(\.studentNumber) == ["0212001", "2021010101"])
        #expect(roster.rows[0].fields["exam_no"] == "21350102150001")
        #expect(roster.rows[0].fields["major_code"] == "080801")
    }

    private func part(_ path: String, of data: Data) throws -> Data {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive[path])
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        return bytes
    }
}
