import Foundation
import GradSyncCore
import GradSyncTesting
import Testing

/// Regions and key groups through the built binary: names read as codes, unknown or ambiguous ones refused with
/// what would do, the same from `graduate set` and `import`.
@Suite struct RegionAndKeyGroupCommandTests {
    @Test func regionNamesBecomeTheirCodeAndAmbiguousOnesAreRefusedListingCandidates() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021090901"] + unplacedFields + ["生源所在地=福建省厦门市"])
        let shown = try CLIReplica.json(try auto.succeed(["graduate", "show", "2021090901", "--json"]))
        #expect(shown["fields"]?["origin_region"] == .string("350200"))
        try auto.succeed(["graduate", "set", "2021090901", "生源地=福建 福州"])
        #expect(try CLIReplica.json(try auto.succeed(["graduate", "show", "2021090901", "--json"]))["fields"]?["origin_region"]
            == .string("350100"))
        let before = try auto.changeCount()
        let ambiguous = try auto.run(["graduate", "set", "2021090901", "生源地=鼓楼区"])
        #expect(ambiguous.exitCode == 5)
        #expect(ambiguous.stderr.contains("生源地：“鼓楼区”不可用；须为行政区划代码或恰好对应一个区划的名称；“鼓楼区”对应 4 个区划："))
        #expect(ambiguous.stderr.contains("350102（福建省福州市鼓楼区）"))
        let unknown = try auto.run(["graduate", "set", "2021090901", "origin_region=350199"])
        #expect(unknown.exitCode == 5)
        #expect(unknown.stderr.contains("350199"))
        let retired = try auto.run(["graduate", "set", "2021090901", "origin_region=350182"])
        #expect(retired.exitCode == 5)
        #expect(retired.stderr.contains("350182（长乐市）已于 2017 年停用，现为 350112（福建省福州市长乐区）"))
        #expect(try auto.changeCount() == before)

        let directory = try TemporaryDirectory()
        let file = directory.file("roster.csv")
        try "学号,姓名,性别,学历层次,毕业年份,生源所在地\r\n2021090902,王五,1,本科,2025,厦门\r\n".write(toFile: file, atomically: true, encoding: .utf8)
        try auto.succeed(["import", file])
        #expect(try CLIReplica.json(try auto.succeed(["graduate", "show", "2021090902", "--json"]))["fields"]?["origin_region"]
            == .string("350200"))
    }

    @Test func keyGroupsAreCheckedAgainstTheirCategoriesWithoutEchoingThem() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021090901"] + unplacedFields + ["重点群体=脱贫家庭毕业生、残疾"])
        let shown = try CLIReplica.json(try auto.succeed(["graduate", "show", "2021090901", "--json", "--include-sensitive"]))
        #expect(shown["fields"]?["key_groups"] == .list([.string("脱贫家庭"), .string("残疾")]))
        let before = try auto.changeCount()
        let refused = try auto.run(["graduate", "set", "2021090901", "key_groups=外星人"])
        #expect(refused.exitCode == 5)
        #expect(refused.stderr.contains("重点群体类别：所填值（个人信息，不显示）不可用；须为互不相同的重点群体类别，每项为以下之一："
            + "脱贫家庭、低保家庭、零就业家庭、残疾、较长时间未就业"))
        #expect(!refused.stderr.contains("外星人"))
        #expect(try auto.changeCount() == before)
    }
}
