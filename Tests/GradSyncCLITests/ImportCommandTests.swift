import Foundation
import GradSyncCore
import GradSyncTesting
import Testing

@Suite struct ImportCommandTests {
    /// A central replica whose directory names the fixtures' departments.
    private func central() throws -> CLIReplica {
        let central = try CLIReplica(["--central"])
        try central.succeed(["department", "set", "AUTO", "自动化学院"])
        try central.succeed(["department", "set", "CS", "计算机学院"])
        return central
    }

    @Test func gb18030RosterFromExcelIsImported() throws {
        let central = try central()
        let output = try central.succeed(["import", try CLIReplica.fixture("roster_gb18030_crlf.csv")])
        #expect(output.contains("（gb18030）"))
        #expect(output.contains("新增 3，更新 0，未变 0"))
        let json = try CLIReplica.json(try central.succeed(["graduate", "show", "2021010103", "--json"]))
        #expect(json["fields"]?["name"] == .string("吴𠮷"))
        #expect(json["department"] == .string("AUTO"))
    }

    @Test func utf8RosterWithByteOrderMarkIsImported() throws {
        let central = try central()
        let output = try central.succeed(["import", try CLIReplica.fixture("roster_utf8_bom.csv"), "--encoding", "utf-8"])
        #expect(output.contains("新增 1，"))
        let json = try CLIReplica.json(try central.succeed(["graduate", "show", "2021020201", "--json"]))
        #expect(json["department"] == .string("CS"))
        #expect(json["fields"]?["study_institution"] == .string("厦门大学"))
    }

    @Test func dryRunSaysWhatWouldChangeAndWritesNothing() throws {
        let central = try central()
        let before = try central.changeCount()
        let output = try central.succeed(["import", try CLIReplica.fixture("roster_gb18030_crlf.csv"), "--dry-run"])
        #expect(output.contains("未写入任何内容"))
        #expect(output.contains("新增 3，"))
        #expect(try central.changeCount() == before)
    }

    @Test func badRosterImportsNothingAndListsEveryBadRow() throws {
        let central = try central()
        let before = try central.changeCount()
        let result = try central.run(["import", try CLIReplica.fixture("roster_bad_rows.csv")])
        #expect(result.exitCode == 5)
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("  第 ") }
        #expect(Set(lines.map { $0.split(separator: "行")[0] }) == ["  第 2 ", "  第 3 ", "  第 4 ", "  第 6 ", "  第 7 ", "  第 8 "])
        #expect(result.stderr.contains("第 8 行“单位名称”列：毕业去向为 509（"))
        #expect(result.stderr.contains("warning: “备注”列：不是已知的列，其内容不导入"))
        #expect(!result.stderr.contains("13800000000"))
        #expect(try central.changeCount() == before)
    }

    @Test func reimportWritesNothingAndAnUpdatedRosterWritesOnlyWhatChanged() throws {
        let central = try central()
        let roster = try CLIReplica.fixture("roster_gb18030_crlf.csv")
        try central.succeed(["import", roster])
        let imported = try central.changeCount()
        let again = try central.succeed(["import", roster])
        #expect(again.contains("新增 0，更新 0，未变 3，写入变更 0"))
        #expect(try central.changeCount() == imported)
        let directory = try TemporaryDirectory()
        let updated = directory.file("updated.csv")
        try "学号,学院,毕业去向类别代码,升学院校\r\n2021010102,AUTO,801,厦门大学\r\n2021010103,AUTO,,\r\n".write(toFile: updated, atomically: true, encoding: .utf8)
        let output = try central.succeed(["import", updated])
        #expect(output.contains("新增 0，更新 1，未变 1，写入变更 2"))
        #expect(try central.changeCount() == imported + 2)
    }

    @Test func departmentReplicaImportsItsOwnRowsAndRefusesAnotherDepartments() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let directory = try TemporaryDirectory()
        let own = directory.file("own.csv")
        try "学号,姓名,性别,学历层次,毕业年份,毕业去向类别代码\r\n2021010101,张三,男,本科,2025,70\r\n".write(toFile: own, atomically: true, encoding: .utf8)
        #expect(try auto.succeed(["import", own]).contains("新增 1，"))
        let other = directory.file("other.csv")
        try "学号,姓名,性别,学院,学历层次,毕业年份\r\n2021010102,李四,女,AUTO,本科,2025\r\n2021020202,王五,男,CS,本科,2025\r\n"
            .write(toFile: other, atomically: true, encoding: .utf8)
        let before = try auto.changeCount()
        let refused = try auto.run(["import", other])
        #expect(refused.exitCode == 5)
        #expect(refused.stderr.contains("第 3 行“学院”列：“CS”不可用；须为学院目录中的学院代码或名称：AUTO（AUTO）"))
        #expect(try auto.changeCount() == before)
    }

    @Test func deletedGraduatesAreListedAndRestoredOnlyWhenAsked() throws {
        let central = try central()
        let roster = try CLIReplica.fixture("roster_gb18030_crlf.csv")
        try central.succeed(["import", roster])
        try central.succeed(["graduate", "delete", "2021010102"])
        let skipped = try central.run(["import", roster])
        #expect(skipped.exitCode == 0)
        #expect(skipped.stderr.contains("第 3 行：毕业生 2021010102 已删除，未改动"))
        #expect(skipped.stdout.contains("跳过（已删除）1"))
        let restored = try central.succeed(["import", roster, "--restore-deleted"])
        #expect(restored.contains("更新 1，"))
        let json = try CLIReplica.json(try central.succeed(["graduate", "show", "2021010102", "--json"]))
        #expect(json["deleted"] == .bool(false))
    }

    @Test func unreadableFileIsAUsageError() throws {
        let central = try central()
        #expect(try central.run(["import", "/nonexistent/roster.csv"]).exitCode == 2)
        #expect(try central.run(["import", try CLIReplica.fixture("roster_utf8_bom.csv"), "--encoding", "latin1"]).exitCode == 2)
    }
}
