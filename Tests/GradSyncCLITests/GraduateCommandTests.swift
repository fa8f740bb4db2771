import Foundation
import GradSyncCore
import GradSyncTesting
import Testing

@Suite struct GraduateCommandTests {
    @Test func addedGraduateIsShownWithChineseLabelsAndListed() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let added = try auto.succeed(["graduate", "add", "2021010101"] + employedFields)
        #expect(added.contains("added graduate 2021010101 to AUTO"))
        let shown = try auto.succeed(["graduate", "show", "2021010101"])
        #expect(shown.contains("学号 2021010101"))
        #expect(shown.contains("毕业去向代码"))
        #expect(shown.contains("10（签就业协议形式就业）"))
        #expect(shown.contains("1（男）"))
        let json = try CLIReplica.json(try auto.succeed(["graduate", "show", "2021010101", "--json"]))
        #expect(json["department"] == .string("AUTO"))
        #expect(json["fields"]?["grad_year"] == .integer(2025))
        #expect(json["fields"]?["employer_nature"] == .string("39"))
        #expect(json["deleted"] == .bool(false))
        let listed = try auto.succeed(["graduate", "list"])
        #expect(listed.contains("2021010101  张三"))
        #expect(listed.contains("1 graduate(s)"))
    }

    @Test func listAlignsChineseTextByDisplayWidth() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + employedFields)
        try auto.succeed(["graduate", "add", "2021010102", "name=欧阳娜娜"] + unplacedFields.dropFirst())
        let lines = try auto.succeed(["graduate", "list"]).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("学号        姓名      学院"))
        #expect(lines[2].hasPrefix("2021010101  张三      AUTO"))
        #expect(lines[3].hasPrefix("2021010102  欧阳娜娜  AUTO"))
    }

    @Test func unknownFieldBadValueAndBrokenRecordRuleAreRefusedWithExit5AndNothingWritten() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let unknown = try auto.run(["graduate", "add", "2021010101", "hobby=chess"] + employedFields)
        #expect(unknown.exitCode == 5)
        #expect(unknown.stderr.contains("未知字段“hobby”"))
        let badCode = try auto.run(["graduate", "add", "2021010101"] + unplacedFields.dropLast() + ["destination_code=99"])
        #expect(badCode.exitCode == 5)
        #expect(badCode.stderr.contains("毕业去向代码：“99”不可用；须为毕业去向代码（2024 版）"))
        let badDate = try auto.run(["graduate", "add", "2021010101"] + employedFields + ["sign_date=2025-02-30"])
        #expect(badDate.exitCode == 5)
        #expect(badDate.stderr.contains("签约日期：“2025-02-30”不可用；须为真实日期"))
        let missingEmployer = try auto.run(["graduate", "add", "2021010101", "name=张三", "gender=1", "degree_level=本科",
                                            "grad_year=2025", "destination_code=10"])
        #expect(missingEmployer.exitCode == 5)
        #expect(missingEmployer.stderr.contains("单位名称：毕业去向为 10（签就业协议形式就业）时必填"))
        #expect(!missingEmployer.stderr.contains("张三"))
        let department = try auto.run(["graduate", "add", "2021010101", "department=CS"] + employedFields)
        #expect(department.exitCode == 5)
        #expect(try auto.changeCount() == 0)
    }

    @Test func malformedArgumentsAreUsageErrors() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        #expect(try auto.run(["graduate", "add", "2021010101", "name"]).exitCode == 2)
        #expect(try auto.run(["graduate", "set", "2021010101"]).exitCode == 2)
        #expect(try auto.run(["graduate", "add", "2021010101", "--department", "CS"] + employedFields).exitCode == 2)
        #expect(try auto.changeCount() == 0)
    }

    @Test func setChangesOnlyWhatDiffersAndEmptyValueClearsAField() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + unplacedFields + ["phone=13800000000"])
        let before = try auto.changeCount()
        let set = try auto.succeed(["graduate", "set", "2021010101", "destination_code=801", "study_institution=厦门大学", "gender=2"])
        #expect(set.contains("destination_code, study_institution"))
        #expect(try auto.changeCount() == before + 2)
        try auto.succeed(["graduate", "set", "2021010101", "phone="])
        let json = try CLIReplica.json(try auto.succeed(["graduate", "show", "2021010101", "--json"]))
        #expect(json["fields"]?["phone"] == .null)
        #expect(json["fields"]?["destination_code"] == .string("801"))
    }

    @Test func setThatWouldBreakARecordRuleIsRefusedAndWritesNothing() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + employedFields)
        let before = try auto.changeCount()
        let cleared = try auto.run(["graduate", "set", "2021010101", "employer_name="])
        #expect(cleared.exitCode == 5)
        #expect(cleared.stderr.contains("单位名称：毕业去向为 10（签就业协议形式就业）时必填"))
        let required = try auto.run(["graduate", "set", "2021010101", "name="])
        #expect(required.exitCode == 5)
        #expect(required.stderr.contains("姓名：必填"))
        let missing = try auto.run(["graduate", "set", "2099", "gender=1"])
        #expect(missing.exitCode == 5)
        #expect(try auto.changeCount() == before)
    }

    @Test func deletedGraduateIsHiddenRefusesEditsAndComesBackWhenRestored() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + unplacedFields)
        try auto.succeed(["graduate", "delete", "2021010101"])
        #expect(try auto.succeed(["graduate", "list"]).contains("0 graduate(s)"))
        #expect(try auto.succeed(["graduate", "list", "--include-deleted"]).contains("已删除"))
        let edit = try auto.run(["graduate", "set", "2021010101", "destination_code=71"])
        #expect(edit.exitCode == 5)
        #expect(edit.stderr.contains("graduate 2021010101 已删除；请先恢复（restore）"))
        #expect(try auto.run(["graduate", "delete", "2021010101"]).exitCode == 5)
        try auto.succeed(["graduate", "restore", "2021010101"])
        let json = try CLIReplica.json(try auto.succeed(["graduate", "show", "2021010101", "--json"]))
        #expect(json["deleted"] == .bool(false))
        #expect(json["fields"]?["destination_code"] == .string("70"))
    }

    @Test func historyTellsWhoChangedWhatWhen() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101", "--author", "secretary"] + unplacedFields)
        try auto.succeed(["graduate", "set", "2021010101", "--author", "office", "destination_code=71"])
        let entries = try CLIReplica.json(try auto.succeed(["graduate", "history", "2021010101", "--field", "destination_code", "--json"])).items
        #expect(entries.count == 2)
        #expect(entries[1]["author"] == .string("office"))
        #expect(entries[1]["old"] == .list([.string("70")]))
        #expect(entries[1]["new"] == .string("71"))
        let time = try #require(entries[1]["time"]?.stringValue)
        #expect(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$"#, options: .regularExpression) != nil)
        let text = try auto.succeed(["graduate", "history", "2021010101"])
        #expect(text.contains("office"))
        #expect(text.contains("70（待就业）"))
    }

    @Test func keyGroupsAreHiddenUnlessAskedFor() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101", "key_groups=脱贫家庭、低保家庭"] + unplacedFields)
        #expect(!(try auto.succeed(["graduate", "list"])).contains("脱贫家庭"))
        #expect(!(try auto.succeed(["graduate", "show", "2021010101"])).contains("脱贫家庭"))
        #expect(!(try auto.succeed(["graduate", "history", "2021010101"])).contains("脱贫家庭"))
        #expect(try auto.succeed(["graduate", "list", "--include-sensitive"]).contains("脱贫家庭、低保家庭"))
        #expect(try auto.run(["graduate", "list", "--where", "key_groups=脱贫家庭"]).exitCode == 2)
        let json = try CLIReplica.json(try auto.succeed(["graduate", "show", "2021010101", "--json", "--include-sensitive"]))
        #expect(json["fields"]?["key_groups"] == .list([.string("脱贫家庭"), .string("低保家庭")]))
    }

    @Test func listFiltersByFieldValueAndText() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + employedFields)
        try auto.succeed(["graduate", "add", "2021010102"] + unplacedFields)
        let unplaced = try CLIReplica.json(try auto.succeed(["graduate", "list", "--where", "destination_code=70", "--json"])).items
        #expect(unplaced.map { $0["student_no"] } == [.string("2021010102")])
        let found = try CLIReplica.json(try auto.succeed(["graduate", "list", "--search", "智控", "--json"])).items
        #expect(found.map { $0["student_no"] } == [.string("2021010101")])
        #expect(try auto.run(["graduate", "list", "--where", "hobby=chess"]).exitCode == 5)
    }

    @Test func centralNodeNeedsADepartmentFromTheDirectoryAndNamesBothWhenANumberIsInTwo() throws {
        let central = try CLIReplica(["--central"])
        #expect(try central.run(["graduate", "add", "2021010101"] + employedFields).exitCode == 2)
        let unknown = try central.run(["graduate", "add", "2021010101", "--department", "AUTO"] + employedFields)
        #expect(unknown.exitCode == 5)
        #expect(unknown.stderr.contains("department set AUTO"))
        let auto = try CLIReplica(["--department", "AUTO"])
        let cs = try CLIReplica(["--department", "CS"])
        try auto.succeed(["graduate", "add", "2021010101"] + employedFields)
        try cs.succeed(["graduate", "add", "2021010101"] + unplacedFields)
        try auto.send(to: central)
        try cs.send(to: central)
        let ambiguous = try central.run(["graduate", "show", "2021010101"])
        #expect(ambiguous.exitCode == 2)
        #expect(ambiguous.stderr.contains("AUTO, CS"))
        let shown = try central.succeed(["graduate", "show", "2021010101", "--department", "CS"])
        #expect(shown.contains("学院 CS"))
        #expect(shown.contains("AUTO"))
        let json = try CLIReplica.json(try central.succeed(["graduate", "show", "2021010101", "--department", "AUTO", "--json"]))
        #expect(json["also_live_in"] == .list([.string("CS")]))
        try central.succeed(["department", "set", "AUTO", "自动化学院"])
        let twice = try central.run(["graduate", "add", "2021010102", "--department", "AUTO"] + unplacedFields)
        #expect(twice.exitCode == 0, "\(twice.stderr)")
        let clash = try central.run(["graduate", "add", "2021010101", "--department", "AUTO"] + unplacedFields)
        #expect(clash.exitCode == 5)
        #expect(clash.stderr.contains("学号 2021010101 已在 CS 使用：学号在全校唯一"))
    }
}
