import Foundation
import GradSyncCore
import GradSyncTesting
import Testing

/// .xlsx rosters in and out through the built binary, with workbooks saved and read by LibreOffice.
@Suite struct XLSXCommandTests {
    /// A central replica whose directory names the roster's departments.
    private func central() throws -> CLIReplica {
        let central = try CLIReplica(["--central"])
        try central.succeed(["department", "set", "AUTO", "自动化学院"])
        try central.succeed(["department", "set", "CS", "计算机学院"])
        return central
    }

    /// What a replica holds and reports, to compare replicas filled from different files.
    private func figures(_ replica: CLIReplica) throws -> (records: String, report: String) {
        let records = try replica.succeed(["export", "--format", "json", "--include-sensitive"])
        let report = try replica.succeed(["report", "placement", "--by", "department", "--format", "json"])
        return (records, report)
    }

    @Test func a500GraduateWorkbookImportsWithTheSameFiguresAsItsCSVTwin() throws {
        let roster = try WorkbookRoster(count: 500)
        let textWorkbook = try roster.workbook(textColumns: true)
        let numberWorkbook = try roster.workbook(textColumns: false)
        // The two workbooks differ as a secretary's and an Excel user's do: 考生号 as text, and as a number.
        #expect(WorkbookRoster.cell("B2", in: try WorkbookRoster.sheetXML(textWorkbook))?.contains(#"t="s""#) == true)
        let numberCell = WorkbookRoster.cell("B2", in: try WorkbookRoster.sheetXML(numberWorkbook))
        #expect(numberCell?.contains(#"t="n""#) == true)
        #expect(numberCell?.contains("<v>21350102150000</v>") == true)

        let fromCSV = try central()
        let csvOutput = try fromCSV.succeed(["import", roster.csv])
        #expect(csvOutput.contains("新增 500，"))
        let expected = try figures(fromCSV)
        #expect(expected.report.contains(#""graduates":500,"#))
        for workbook in [textWorkbook, numberWorkbook] {
            let replica = try central()
            let output = try replica.succeed(["import", workbook])
            #expect(output.contains("新增 500，更新 0，未变 0"))
            #expect(output.contains("（工作表“roster”）"))
            let got = try figures(replica)
            #expect(got.report == expected.report)
            #expect(got.records == expected.records)
        }
    }

    @Test func theExportedWorkbookReadByLibreOfficeIsTheCSVExport() throws {
        let roster = try WorkbookRoster(count: 40)
        let central = try central()
        try central.succeed(["import", roster.csv])
        let directory = try TemporaryDirectory()
        for sensitive in [false, true] {
            let extra = sensitive ? ["--include-sensitive"] : []
            let csvFile = directory.file("export-\(sensitive).csv")
            let xlsxFile = directory.file("export-\(sensitive).xlsx")
            try central.succeed(["export", "--format", "csv", "--output", csvFile] + extra)
            try central.succeed(["export", "--format", "xlsx", "--output", xlsxFile] + extra)
            let attributes = try FileManager.default.attributesOfItem(atPath: xlsxFile)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let sheet = try WorkbookRoster.sheetXML(xlsxFile)
            // Every cell is a text cell: an identifier is never stored as a number.
            #expect(!sheet.contains(#"t="n""#))
            #expect(sheet.contains(#"<t xml:space="preserve">21350102150000</t>"#))
            let back = try LibreOffice.convert(xlsxFile, to: LibreOffice.csvExport, into: directory.file("back-\(sensitive)"))
            let fromLibreOffice = String(decoding: try Data(contentsOf: URL(fileURLWithPath: back)), as: UTF8.self)
            #expect(fromLibreOffice.split(separator: "\n").count == 41)
            #expect(fromLibreOffice.contains("重点群体类别") == sensitive)
            #expect(fromLibreOffice == Self.asLibreOfficeWrites(try Data(contentsOf: URL(fileURLWithPath: csvFile))))
        }
        // Both sensitive exports are in the audit trail, the workbook as much as the CSV.
        let store = try central.openStore()
        defer { try? store.close() }
        #expect(try store.records(collection: "audit", scope: .shared).count == 2)
    }

    @Test func theCSVExportKeepsIdentifiersWhenASpreadsheetOpensIt() throws {
        let office = try central()
        try office.succeed(["graduate", "add", "0212001", "--department", "AUTO", "name=张三", "gender=1", "degree_level=本科",
                             "grad_year=2025", "exam_no=21350102150001", "major_code=080801"])
        let directory = try TemporaryDirectory()
        let csvFile = directory.file("export.csv")
        try office.succeed(["export", "--output", csvFile])
        // LibreOffice opens the CSV as Excel does (identifiers not marked as text) and saves it as a workbook.
        let opened = try LibreOffice.convert(csvFile, to: "xlsx", inputFilter: LibreOffice.csvImport(), into: directory.file("opened"))
        let fresh = try central()
        let output = try fresh.succeed(["import", opened])
        #expect(output.contains("新增 1，"))
        let json = try CLIReplica.json(try fresh.succeed(["graduate", "show", "0212001", "--json"]))
        #expect(json["fields"]?["exam_no"] == .string("21350102150001"))
        #expect(json["fields"]?["major_code"] == .string("080801"))
        // And the CSV itself imports back as written.
        let again = try central()
        try again.succeed(["import", csvFile])
        #expect(try again.succeed(["export", "--format", "json"]) == (try office.succeed(["export", "--format", "json"])))
    }

    @Test func aRefusedWorkbookWritesNothingAndNamesTheCell() throws {
        let roster = try WorkbookRoster(count: 3)
        var text = try String(contentsOfFile: roster.csv, encoding: .utf8)
        text = text.replacingOccurrences(of: "\r\n2021000001,", with: "\r\n2021000001X?,")
        try text.write(toFile: roster.csv, atomically: true, encoding: .utf8)
        let workbook = try roster.workbook(textColumns: true)
        let central = try central()
        let before = try central.changeCount()
        let result = try central.run(["import", workbook])
        #expect(result.exitCode == 5)
        #expect(result.stderr.contains("A3"))
        #expect(try central.changeCount() == before)
    }

    @Test func filesThatAreNotWorkbooksAndMisusedOptionsAreRefused() throws {
        let central = try central()
        let before = try central.changeCount()
        let directory = try TemporaryDirectory()
        let fake = directory.file("roster.xlsx")
        try Data("学号,姓名\r\n2021010101,张三\r\n".utf8).write(to: URL(fileURLWithPath: fake))
        let notWorkbook = try central.run(["import", fake])
        #expect(notWorkbook.exitCode == 5)
        #expect(notWorkbook.stderr.contains("花名册被拒绝，未导入任何内容：这不是 .xlsx 工作簿"))
        #expect(!notWorkbook.stderr.contains("第 1 行"))
        let roster = try WorkbookRoster(count: 2)
        let workbook = try roster.workbook(textColumns: true)
        #expect(try central.run(["import", workbook, "--encoding", "gb18030"]).exitCode == 2)
        #expect(try central.run(["import", roster.csv, "--sheet", "roster"]).exitCode == 2)
        let noSheet = try central.run(["import", workbook, "--sheet", "没有这张表"])
        #expect(noSheet.exitCode == 5)
        #expect(noSheet.stderr.contains("工作簿中没有名为“没有这张表”的工作表；它的工作表有：“roster”"))
        #expect(try central.run(["export", "--format", "xlsx"]).exitCode == 2)
        #expect(try central.run(["export", "--format", "xlsx", "--output", directory.file("x.xlsx"), "--encoding", "gb18030"]).exitCode == 2)
        #expect(try central.changeCount() == before)
        #expect(try central.succeed(["import", workbook, "--sheet", "roster", "--dry-run"]).contains("若导入将：新增 2，"))
    }

    /// Our CSV export as LibreOffice writes the same table: no byte-order mark, LF line ends, and identifiers
    /// written `="…"` (so that Excel keeps them) as the digits they show.
    static func asLibreOfficeWrites(_ data: Data) -> String {
        var text = String(decoding: data.dropFirst(3), as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        text = text.replacingOccurrences(of: #"="([0-9]+)""#, with: "$1", options: .regularExpression)
        return text
    }
}
