import Foundation
import GradSyncCore
import GradSyncTesting
import Testing

/// What the built binary says when it refuses: Chinese, naming the field, the value and the rule; every problem of
/// a write at once; a personal value never echoed, a missing one read as the rule.
@Suite struct MessageCommandTests {
    @Test func graduateSetWithFiveBadCodesListsAllFive() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + unplacedFields)
        let before = try auto.changeCount()
        let refused = try auto.run(["graduate", "set", "2021010101", "destination_code=99", "employer_nature=98", "employer_industry=99",
                                    "job_category=00", "origin_region=350199"])
        #expect(refused.exitCode == 5)
        #expect(refused.stderr.contains("毕业生 2021010101：写入被拒绝，未写入任何内容："))
        for label in ["毕业去向代码：“99”不可用", "单位性质：“98”不可用", "单位行业：“99”不可用", "工作职位类别：“00”不可用", "生源地：“350199”不可用"] {
            #expect(refused.stderr.contains(label), "\(label) in \(refused.stderr)")
        }
        #expect(refused.stderr.split(separator: "\n").filter { $0.hasPrefix("  ") }.count == 5)
        #expect(try auto.changeCount() == before)
    }

    @Test func graduateSetListsBadValuesAndBrokenRulesInOneRefusal() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + unplacedFields)
        let before = try auto.changeCount()
        let refused = try auto.run(["graduate", "set", "2021010101", "destination_code=10", "employer_nature=98", "sign_date=2025-13-45"])
        #expect(refused.exitCode == 5)
        let lines = refused.stderr.split(separator: "\n").filter { $0.hasPrefix("  ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains { $0.hasPrefix("单位性质：“98”不可用") }, "\(refused.stderr)")
        #expect(lines.contains { $0.hasPrefix("签约日期：“2025-13-45”不可用") }, "\(refused.stderr)")
        #expect(lines.contains("单位名称：毕业去向为 10（签就业协议形式就业）时必填"), "\(refused.stderr)")
        #expect(lines.contains("统一社会信用代码：毕业去向为 10（签就业协议形式就业）时必填"), "\(refused.stderr)")
        // No rule on a value the user did not enter: 单位性质 was given, badly, so it is not also "required".
        #expect(!lines.contains { $0.hasPrefix("单位性质：毕业去向") }, "\(refused.stderr)")
        #expect(lines.count == 6)
        #expect(try auto.changeCount() == before)
    }

    @Test func aRecordRuleNamesTheFieldTheDestinationAndTheRule() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let refused = try auto.run(["graduate", "add", "2021010101", "name=张三", "gender=1", "degree_level=本科", "grad_year=2025",
                                    "destination_code=10"])
        #expect(refused.exitCode == 5)
        #expect(refused.stderr.contains("毕业生 2021010101：写入被拒绝，未写入任何内容：\n  单位名称：毕业去向为 10（签就业协议形式就业）时必填"))
        #expect(!refused.stderr.contains("is not allowed"))
    }

    @Test func aMissingMentorIsNamedByTheRuleNotAsAHiddenValue() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101", "key_groups=残疾"] + unplacedFields)
        for arguments in [["date=2025-03-01"], ["mentor=", "date=2025-03-01"]] {
            let refused = try auto.run(["ledger", "add", "2021010101", "--kind", "mentor"] + arguments)
            #expect(refused.exitCode == 5)
            #expect(refused.stderr.contains("帮扶导师：帮扶导师记录必填"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("不显示"))
        }
    }

    @Test func anExcelMangledStudentNumberIsRefused() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let refused = try auto.run(["graduate", "add", "2.02401E+09"] + unplacedFields)
        #expect(refused.exitCode == 5)
        #expect(refused.stderr.contains("学号：“2.02401E+09”不可用；须为 1 至 32 位字母或数字"))
        #expect(try auto.changeCount() == 0)
    }

    @Test func aRosterWithTheNationalSystemsHeadersImportsAndReportsTheColumnsLeftOut() throws {
        let central = try CLIReplica(["--central"])
        try central.succeed(["department", "set", "AUTO", "自动化学院"])
        let directory = try TemporaryDirectory()
        let file = directory.file("national.csv")
        try ("学号,姓名,性别,学历层次,毕业年份,学院名称,生源所在地,重点群体,毕业去向,手机号码,联系电话,身份证号,培养方式,备注\r\n"
            + "2021010101,张三,男,本科,2025,自动化学院,福建省厦门市,脱贫家庭,待就业,13800000000,0591-12345678,350102200001010011,非定向,无\r\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try central.run(["import", file])
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("warning: “联系电话”列：未导入：“手机号码”列已给出手机号（phone）"))
        #expect(imported.stderr.contains("warning: “身份证号”列：毕业去向登记不需要身份证号，本系统不保存"))
        let shown = try central.succeed(["graduate", "show", "2021010101", "--json"])
        #expect(shown.contains("350200"))
        #expect(!shown.contains("350102200001010011"))
    }
}

