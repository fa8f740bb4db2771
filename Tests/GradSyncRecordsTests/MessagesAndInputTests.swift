import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Testing

/// Messages of the records layer in Chinese, every problem of a write at once, and roster text read by the one
/// normaliser on its way into the records.
struct MessagesAndInputTests {
    @Test func aWriteWithFiveBadCodesListsAllFiveInChinese() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate, author: "secretary")
        let before = try replica.store.changeCount()
        #expect {
            try replica.setGraduate("2021010101", values: ["destination_code": "99", "employer_nature": "98", "employer_industry": "99",
                                                          "job_category": "00", "origin_region": "350199"], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(let subject, let problems) = error else { return false }
            return subject == "毕业生 2021010101" && problems.count == 5
                && Set(problems.map(\.field)) == ["destination_code", "employer_nature", "employer_industry", "job_category", "origin_region"]
                && problems.map(\.description).contains("毕业去向代码：“99”不可用；须为毕业去向代码（2024 版）：2 至 4 位数字，前两位为 "
                    + "10、11、12、27、46、50、51、70、71、72、75、76、77、80、85 之一")
                && String(describing: error).hasPrefix("毕业生 2021010101：写入被拒绝，未写入任何内容：\n  ")
        }
        #expect(try replica.store.changeCount() == before)
    }

    /// The refusal `FieldInput` gives for `text` in `field`, as a front end hands it to the records layer.
    private func refusal(_ text: String, for field: String) throws -> ValidationError {
        let schemaField = try #require(GraduateSchema.field(named: field))
        do throws(ValidationError) {
            let value = try FieldInput(.command).value(text, for: schemaField)
            Issue.record("\(text) was read as \(String(describing: value))")
            throw ValidationError(field: field, value: text, allowed: "")
        } catch { return error }
    }

    @Test func aBadValueAndTheRulesTheGoodValuesBreakAreListedTogether() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate, author: "secretary")
        let before = try replica.store.changeCount()
        let badNature = try refusal("98", for: "employer_nature")
        #expect {
            try replica.setGraduate("2021010101", values: ["destination_code": "10"], refused: [badNature], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(let subject, let problems) = error else { return false }
            // The bad value first, then what destination 10 needs of the other fields; no rule on 单位性质, whose
            // value was refused already.
            return subject == "毕业生 2021010101" && problems.first == badNature
                && problems.map(\.field) == ["employer_nature", "employer_name", "employer_uscc", "employer_industry", "employer_region"]
                && problems[1].description == "单位名称：毕业去向为 10（签就业协议形式就业）时必填"
        }
        #expect(try replica.store.changeCount() == before)
    }

    @Test func aBadDestinationSkipsTheRulesItDecidesButNotTheOthers() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.employed, author: "secretary")
        let badDestination = try refusal("99", for: "destination_code")
        #expect {
            try replica.setGraduate("2021010101", values: ["employer_name": .null, "sign_date": "2099-01-01"], refused: [badDestination],
                                    author: "secretary")
        } throws: { error in
            // 单位名称 is needed by the stored destination 10, which the user meant to change: not reported.
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            // A signing date in the future breaks a rule of its own, which is still checked.
            return problems.map(\.field) == ["destination_code", "sign_date"] && problems[0] == badDestination
        }
    }

    @Test func aMissingMentorIsNamedByTheRuleNotAsAHiddenValue() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate, author: "secretary")
        #expect {
            try replica.addLedgerEntry("2021010101", kind: .mentor, values: ["date": "2025-03-01"], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(let subject, let problems) = error else { return false }
            return subject == "毕业生 2021010101 的台账记录" && problems.map(\.description) == ["帮扶导师：帮扶导师记录必填"]
        }
    }

    @Test func anExcelMangledStudentNumberIsRefused() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        #expect {
            try replica.addGraduate("2.02401E+09", values: RecordsFixture.graduate, author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.description) == ["学号：“2.02401E+09”不可用；须为 1 至 32 位字母或数字（学号只含字母和数字）"]
        }
        #expect(try replica.store.changeCount() == 0)
    }

    @Test func rosterTextIsReadByTheOneNormaliserIntoTheRecords() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        let roster = try RosterParser(departments: try replica.rosterDirectory(), defaultDepartment: "CS").parse(Data("""
            学号,姓名,性别,学历层次,毕业年份,毕业去向,单位名称,统一社会信用代码,单位性质,单位行业,单位所在地,工作职位类别,签约日期
             2021010101 ,陈一　,女,本科,２０２５, １０ ,福州智控科技有限公司,91350100M000100Y43,其他企业,信息传输、软件和信息技术服务业,福建福州,工程技术人员,2025年3月1日
            2021010102,林二,男,本科,2025,10,福州智控科技有限公司,91350100M000100Y43,39,34,350100,13,45717

            """.utf8))
        try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "secretary")
        let typed = try replica.graduate("2021010101").fields
        #expect(typed["name"] == "陈一")
        #expect(typed["gender"] == "2")
        #expect(typed["grad_year"] == .integer(2025))
        #expect(typed["destination_code"] == "10")
        #expect(typed["employer_nature"] == "39")
        #expect(typed["employer_industry"] == "34")
        #expect(typed["employer_region"] == "350100")
        #expect(typed["job_category"] == "13")
        #expect(typed["sign_date"] == "2025-03-01")
        #expect(try replica.graduate("2021010102").fields["sign_date"] == "2025-03-01", "an Excel date serial")
    }

    @Test func aRosterWithTheNationalSystemsHeadersImportsWithoutItsIDNumbers() throws {
        let fixture = try RecordsFixture()
        let central = try fixture.central(departments: ["AUTO": "自动化学院"])
        let roster = try RosterParser(departments: try central.rosterDirectory()).parse(Data("""
            学号,姓名,性别,学历层次,毕业年份,学院名称,生源所在地,重点群体,毕业去向,手机号码,联系电话,身份证号,培养方式,备注
            2021010101,张三,男,本科,2025,自动化学院,福建省厦门市,脱贫家庭,待就业,13800000000,0591-12345678,350102200001010011,非定向,无

            """.utf8))
        #expect(roster.warnings.map(\.column) == ["联系电话", "身份证号", "培养方式", "备注"])
        try central.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "office")
        let fields = try central.graduate("2021010101", department: "AUTO").fields
        #expect(fields["origin_region"] == "350200")
        #expect(fields["destination_code"] == "70")
        #expect(fields["phone"] == "13800000000")
        #expect(!fields.values.contains(.string("350102200001010011")), "身份证号 is never stored")
    }
}
