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
        #expect(refused.stderr.contains("所给的值：写入被拒绝，未写入任何内容："))
        for label in ["毕业去向代码：“99”不可用", "单位性质：“98”不可用", "单位行业：“99”不可用", "工作职位类别：“00”不可用", "生源地：“350199”不可用"] {
            #expect(refused.stderr.contains(label), "\(label) in \(refused.stderr)")
        }
        #expect(refused.stderr.split(separator: "\n").filter { $0.hasPrefix("  ") }.count == 5)
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
}
