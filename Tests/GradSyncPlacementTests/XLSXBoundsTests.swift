import Foundation
import GradSyncCore
import GradSyncPlacement
import Testing
import ZIPFoundation

/// Files that are not rosters, or are built to exhaust memory, are refused with a reason and give no rows.
struct XLSXBoundsTests {
    private let parser = RosterParser(departments: Fixture.departments)

    /// The one issue of a refused parse, or nil (with a recorded issue) when the parse succeeded.
    private func refusal(_ data: Data, named name: String? = "roster.xlsx", limits: XLSXLimits = XLSXLimits()) -> RosterIssue? {
        do {
            let roster = try parser.parse(file: data, named: name, limits: limits)
            Issue.record("read \(roster.rows.count) rows from a file that should be refused")
            return nil
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.rows.isEmpty)
            return error.issues.first
        }
    }

    /// A ZIP file of the given entries, deflated.
    private func zip(_ entries: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) {
                bytes.subdata(in: Int($0)..<Int($0) + $1)
            }
        }
        return try #require(archive.data)
    }

    @Test func aZIPBombIsRefusedAtTheDefaultBound() throws {
        // A mebibyte of spaces past the bound on a part, deflated to some tens of kilobytes.
        let size = XLSXLimits().partBytes + (1 << 20)
        let archive = try Archive(data: Data(), accessMode: .create)
        let chunk = Data(repeating: 0x20, count: 1 << 20)
        try archive.addEntry(with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate,
                             bufferSize: 1 << 20) { position, length in
            chunk.prefix(min(length, size - Int(position)))
        }
        let data = try #require(archive.data)
        #expect(data.count < 1 << 20)
        let issue = refusal(data)
        #expect(issue?.reason.contains(String(XLSXLimits().partBytes)) == true)
    }

    @Test func theBoundOnAllPartsTogetherHolds() throws {
        let data = try Fixture.data("roster_text_ids.xlsx")
        #expect(refusal(data, limits: XLSXLimits(totalBytes: 2_000)) != nil)
        #expect(refusal(data, limits: XLSXLimits(partBytes: 1_000)) != nil)
        #expect(refusal(data, limits: XLSXLimits(fileBytes: 1_000)) != nil)
        #expect(refusal(data, limits: XLSXLimits(rows: 2)) != nil)
        #expect(refusal(data, limits: XLSXLimits(columns: 10)) != nil)
        // The same file within its bounds reads.
        #expect(try parser.parse(file: data, named: nil).rows.count == 2)
    }

    @Test func tooManyEntriesAreRefused() throws {
        let entries = (0...XLSXLimits().entries).map { ("xl/media/image\($0).bin", Data([0])) }
        let issue = refusal(try zip(entries))
        #expect(issue?.reason.contains(String(XLSXLimits().entries)) == true)
    }

    @Test func filesThatAreNotWorkbooksAreRefused() throws {
        // CSV text named .xlsx; an old .xls (an OLE compound file); an OpenDocument spreadsheet; a ZIP of something else.
        let csvText = Data("学号,姓名\r\n2021010101,张三\r\n".utf8)
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
        let ods = try zip([("mimetype", Data("application/vnd.oasis.opendocument.spreadsheet".utf8)), ("content.xml", Data("<x/>".utf8))])
        let other = try zip([("readme.txt", Data("hello".utf8))])
        let truncated = try Fixture.data("roster_text_ids.xlsx").prefix(2_000)
        let broken = try XLSXReaderTests.rewriting(try Fixture.data("roster_text_ids.xlsx"), part: "xl/worksheets/sheet1.xml") {
            $0.replacingOccurrences(of: "</sheetData>", with: "")
        }
        let issues = [refusal(csvText), refusal(ole, named: "roster.xls"), refusal(ods, named: "roster.ods"), refusal(other, named: nil),
                      refusal(Data(truncated)), refusal(broken)].compactMap { $0 }
        #expect(issues.count == 6)
        // Each says something of its own, on the file as a whole.
        #expect(Set(issues.map(\.reason)).count == 6)
        #expect(issues.allSatisfy { $0.isAboutFile && $0.cell == nil })
        // In Chinese, saying what is wrong with the file, not pointing at a line or an empty column.
        #expect(issues.map(\.reason).prefix(3) == [Messages.notAWorkbook, Messages.legacyWorkbook, Messages.openDocumentSpreadsheet])
        #expect(issues[0].description == "这不是 .xlsx 工作簿（.xlsx 文件是 ZIP 压缩包，而此文件不是）")
        #expect(Messages.rosterRefused(issues: [issues[1]])
            == "花名册被拒绝，未导入任何内容：这是 Excel 97-2003（.xls）工作簿或加了密码的工作簿，无法读取；请另存为 .xlsx（不设密码）或 CSV")
        #expect(issues.allSatisfy { !$0.description.contains("第 1 行") && $0.reason.unicodeScalars.contains { $0.value >= 0x4E00 } })
    }

    @Test func aPartDeclaringEntitiesIsRefused() throws {
        let laughs = try XLSXReaderTests.rewriting(try Fixture.data("roster_text_ids.xlsx"), part: "xl/sharedStrings.xml") {
            $0.replacingOccurrences(of: #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#, with: """
                <?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\
                <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
                """).replacingOccurrences(of: ">学号<", with: ">&d;<")
        }
        let issue = refusal(laughs)
        #expect(issue?.reason.contains("DTD") == true)
    }

    @Test func theFormatIsToldByContentFirst() throws {
        let workbook = try Fixture.data("roster_text_ids.xlsx")
        let csv = try Fixture.data("roster_twin.csv")
        #expect(RosterFormat.detect(workbook, fileName: nil) == .xlsx)
        #expect(RosterFormat.detect(workbook, fileName: "upload.csv") == .xlsx)
        #expect(RosterFormat.detect(csv, fileName: "roster.csv") == .csv)
        #expect(RosterFormat.detect(csv, fileName: nil) == .csv)
        #expect(RosterFormat.detect(csv, fileName: "roster.XLSX") == .xlsx)
        #expect(RosterFormat.detect(csv, fileName: "xlsx") == .csv)
    }
}
