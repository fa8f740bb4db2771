import Foundation
import GradSyncCore
@testable import GradSyncPlacement
import Testing
import ZIPFoundation

/// Reading .xlsx workbooks saved by LibreOffice (Fixtures/make_workbooks.sh) into the texts a roster reads.
struct XLSXReaderTests {
    private let parser = RosterParser(departments: Fixture.departments)

    /// The CSV twin's records, each without its trailing empty cells.
    private func twinRecords() throws -> [[String]] {
        let text = try #require(TextEncoding.utf8.decode(try Fixture.data("roster_twin.csv")))
        return try CSVReader.records(in: text).map { Self.trimmed($0.fields) }
    }

    private static func trimmed(_ cells: [String]) -> [String] {
        Array(cells.reversed().drop { $0.isEmpty }.reversed())
    }

    @Test func textIdentifiersAndDatesReadAsTheCSVTwinHasThem() throws {
        let sheet = try XLSXReader().sheet(in: try Fixture.data("roster_text_ids.xlsx"))
        #expect(sheet.rows.map(\.number) == [1, 2, 3])
        #expect(sheet.rows.map { Self.trimmed($0.cells) } == (try twinRecords()))
        // Spot checks of what matters: the leading zero, all 14 digits, the date cell as a date.
        #expect(sheet.rows[1].cells[0] == "0212001")
        #expect(sheet.rows[1].cells[1] == "21350102150001")
        #expect(sheet.rows[1].cells[14] == "2025-03-15")
    }

    @Test func theWorkbookParsesToTheSameRowsAsItsCSVTwin() throws {
        let fromSheet = try parser.parse(file: try Fixture.data("roster_text_ids.xlsx"), named: "roster.xlsx")
        let fromCSV = try parser.parse(file: try Fixture.data("roster_twin.csv"), named: "roster.csv")
        #expect(fromSheet.sheet == "roster_twin")
        #expect(fromCSV.sheet == nil)
        #expect(fromSheet.rows.map(\.fields) == fromCSV.rows.map(\.fields))
        #expect(fromSheet.rows.map(\.line) == fromCSV.rows.map(\.line))
        #expect(fromSheet.rows.map(\.department) == fromCSV.rows.map(\.department))
        #expect(fromSheet.rows[0].cells["exam_no"] == "B2")
        #expect(fromCSV.rows[0].cells.isEmpty)
    }

    @Test func numbersHoldingIdentifiersReadAsTheirDigits() throws {
        let roster = try parser.parse(file: try Fixture.data("roster_merged.xlsx"), named: nil)
        let first = try #require(roster.rows.first).fields
        #expect(first["student_no"] == "2021070701")
        #expect(first["exam_no"] == "21350102150007")
        #expect(first["grad_year"] == .integer(2025))
        #expect(first["employer_region"] == "350100")
    }

    @Test func numbersOtherWritersStoreInScientificOrDecimalFormReadAsTheirDigits() throws {
        // Some writers store a whole number as 2.1350102150007E+13 or 2021070701.0; the cell is the same number.
        let data = try Self.rewriting(try Fixture.data("roster_merged.xlsx"), part: "xl/worksheets/sheet1.xml") {
            $0.replacingOccurrences(of: "<v>21350102150007</v>", with: "<v>2.1350102150007E+13</v>")
                .replacingOccurrences(of: "<v>2021070701</v>", with: "<v>2021070701.0</v>")
        }
        let first = try #require(try parser.parse(file: data, named: nil).rows.first).fields
        #expect(first["exam_no"] == "21350102150007")
        #expect(first["student_no"] == "2021070701")
    }

    @Test func partsWrittenWithANamespacePrefixReadTheSame() throws {
        // The Open XML SDK writes <x:worksheet xmlns:x="…"><x:sheetData><x:row>… where Excel uses the default namespace.
        let original = try Fixture.data("roster_text_ids.xlsx")
        let prefixed = try Self.rewriting(original, part: "xl/worksheets/sheet1.xml") { xml in
            xml.replacingOccurrences(of: #"<(/?)([A-Za-z]+[ />])"#, with: "<$1x:$2", options: .regularExpression)
                .replacingOccurrences(of: #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#,
                                      with: #"xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#)
        }
        #expect(try XLSXReader().sheet(in: prefixed).rows == (try XLSXReader().sheet(in: original).rows))
    }

    @Test func aDateInAChineseFormatIsADate() throws {
        let sheet = try XLSXReader().sheet(in: try Fixture.data("roster_merged.xlsx"))
        #expect(sheet.rows[1].cells[14] == "2025-06-01")
    }

    @Test func aCellMergedDownAColumnGivesEveryRowItsValueAndBlankRowsAreLeftOut() throws {
        let roster = try parser.parse(file: try Fixture.data("roster_merged.xlsx"), named: nil)
        #expect(roster.sheet == "2025届")
        #expect(roster.rows.map(\.line) == [2, 3, 4, 6])
        #expect(roster.rows.map(\.department) == ["AUTO", "AUTO", "AUTO", "CS"])
    }

    @Test func aSheetIsChosenByName() throws {
        let data = try Fixture.data("roster_merged.xlsx")
        let notes = try XLSXReader().sheet(in: data, named: "说明")
        #expect(notes.rows.map(\.cells) == [["本表由学院填报"]])
        #expect(throws: XLSXError.self) { try XLSXReader().sheet(in: data, named: "2024届") }
    }

    @Test func theFirstVisibleSheetIsRead() throws {
        let data = try Self.rewriting(try Fixture.data("roster_merged.xlsx"), part: "xl/workbook.xml") {
            $0.replacingOccurrences(of: #"name="2025届" sheetId="1" state="visible""#, with: #"name="2025届" sheetId="1" state="hidden""#)
        }
        #expect(try XLSXReader().sheet(in: data).name == "说明")
        #expect(try XLSXReader().sheet(in: data, named: "2025届").rows.count == 5)
    }

    @Test func titleRowsAboveTheHeaderArePassedOverWithAWarning() throws {
        let rows = [["2025届毕业生就业信息"], [], ["学号", "姓名", "性别", "学院", "学历层次", "毕业年份"],
                    ["2021010101", "张三", "男", "AUTO", "本科", "2025"]]
        let roster = try parser.parse(file: try XLSXWriter.workbook(sheetName: "名单", rows: rows), named: nil)
        #expect(roster.rows.map(\.line) == [4])
        #expect(roster.rows.first?.fields["name"] == "张三")
        #expect(roster.warnings.map(\.column) == ["2025届毕业生就业信息"])
        // A one-cell row that names a column is a header, not a title.
        let ownDepartment = RosterParser(departments: Fixture.departments, defaultDepartment: "AUTO")
        let narrow = try ownDepartment.parse(file: try XLSXWriter.workbook(sheetName: "名单", rows: [["学号"], ["2021010101"]]), named: nil)
        #expect(narrow.warnings.isEmpty)
        #expect(narrow.rows.map(\.studentNumber) == ["2021010101"])
    }

    @Test func the1904DateSystemIsHonoured() throws {
        let data = try Self.rewriting(try Fixture.data("roster_text_ids.xlsx"), part: "xl/workbook.xml") {
            $0.replacingOccurrences(of: #"date1904="false""#, with: #"date1904="true""#)
        }
        let sheet = try XLSXReader().sheet(in: data)
        // The same serial, counted from 1904-01-01: 1462 days later.
        let expected = try #require(CalendarDate("2025-03-15")).addingDays(1_462).description
        #expect(sheet.rows[1].cells[14] == expected)
        #expect(expected == "2029-03-16")
    }

    @Test func aRowProblemNamesTheSheetRowAndCell() throws {
        let data = try Self.rewriting(try Fixture.data("roster_merged.xlsx"), part: "xl/worksheets/sheet1.xml") {
            // Row 3's destination 70 becomes 99, which is no destination code.
            $0.replacingOccurrences(of: #"<c r="H3" s="0" t="n"><v>70</v>"#, with: #"<c r="H3" s="0" t="n"><v>99</v>"#)
        }
        let refusal = try #require(refused(data))
        let issue = try #require(refusal.issues.first)
        #expect(refusal.issues.count == 1)
        #expect(issue.line == 3)
        #expect(issue.cell == "H3")
        #expect(issue.column == "毕业去向类别代码")
        #expect(issue.value == "99")
        #expect(issue.description.contains("H3"))
    }

    /// The refusal of parsing `data`, or nil when it parsed.
    private func refused(_ data: Data) -> RosterRefusal? {
        do throws(RosterRefusal) {
            _ = try parser.parse(file: data, named: "r.xlsx")
            return nil
        } catch {
            return error
        }
    }

    @Test func numbersAreWrittenOutExactly() {
        #expect(XLSXCellText.plainDecimal("2.0350102150001E+13") == "20350102150001")
        #expect(XLSXCellText.plainDecimal("21350102150001") == "21350102150001")
        #expect(XLSXCellText.plainDecimal("10.0") == "10")
        #expect(XLSXCellText.plainDecimal("1.5E-2") == "0.015")
        #expect(XLSXCellText.plainDecimal("-3") == "-3")
        #expect(XLSXCellText.plainDecimal("1E+20") == "100000000000000000000")
        #expect(XLSXCellText.plainDecimal("abc") == nil)
        #expect(XLSXCellText.plainDecimal("1.2.3") == nil)
        #expect(XLSXCellText.number("0.30000000000000004") == "0.3")
        #expect(XLSXCellText.number("2.5") == "2.5")
    }

    @Test func serialsBecomeDatesInEitherSystem() {
        #expect(XLSXCellText.date(serial: "45078", date1904: false) == "2023-06-01")
        #expect(XLSXCellText.date(serial: "45078.75", date1904: false) == "2023-06-01")
        #expect(XLSXCellText.date(serial: "59", date1904: false) == "1900-02-28")
        #expect(XLSXCellText.date(serial: "60", date1904: false) == "1900-02-29")
        #expect(XLSXCellText.date(serial: "61", date1904: false) == "1900-03-01")
        #expect(XLSXCellText.date(serial: "1", date1904: false) == "1900-01-01")
        #expect(XLSXCellText.date(serial: "0", date1904: true) == "1904-01-01")
        #expect(XLSXCellText.date(serial: "43616", date1904: true) == "2023-06-01")
    }

    @Test func dateFormatsAreToldFromOthers() {
        #expect(XLSXCellText.isDateFormat(#"yyyy\年m\月d\日"#))
        #expect(XLSXCellText.isDateFormat(#"[$-804]yyyy/m/d;@"#))
        #expect(XLSXCellText.isDateFormat("yyyy-mm-dd"))
        #expect(!XLSXCellText.isDateFormat("General"))
        #expect(!XLSXCellText.isDateFormat("0.00"))
        #expect(!XLSXCellText.isDateFormat("h:mm"))
        #expect(!XLSXCellText.isDateFormat(#""TRUE";"TRUE";"FALSE""#))
        #expect(!XLSXCellText.isDateFormat(#"[Red]0;"day"0"#))
    }

    @Test func richTextAndExcelEscapesReadAsTheText() throws {
        let xml = #"""
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><rPr><b/></rPr><t>厦门</t></r>\#
            <r><t xml:space="preserve"> 星辰_x005F_x0041_</t></r><rPh sb="0" eb="1"><t>XM</t></rPh></si><si><t/></si></sst>
            """#
        let strings = try XLSXMarkup.decode(XLSXMarkup.SharedStrings.self, from: Data(xml.utf8))
        #expect(strings.si?.map(\.text) == ["厦门 星辰_x0041_", ""])
    }

    /// The workbook with one part's text changed, as if the secretary's software had saved it so.
    static func rewriting(_ data: Data, part: String, _ change: (String) -> String) throws -> Data {
        let source = try Archive(data: data, accessMode: .read)
        let target = try Archive(data: Data(), accessMode: .create)
        for entry in source {
            var bytes = Data()
            _ = try source.extract(entry) { bytes.append($0) }
            if entry.path == part {
                let changed = change(String(decoding: bytes, as: UTF8.self))
                #expect(Data(changed.utf8) != bytes, "the change did not apply to \(part)")
                bytes = Data(changed.utf8)
            }
            let content = bytes
            try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate) {
                content.subdata(in: Int($0)..<Int($0) + $1)
            }
        }
        return try #require(target.data)
    }
}
