import Foundation
import GradSyncCore
import GradSyncPlacement
import Testing

/// Roster cells are read by the same normaliser as typed values.
struct RosterInputTests {
    private let parser = RosterParser(departments: Fixture.departments, defaultDepartment: "AUTO")

    @Test func cellsAreTrimmedFoldedAndTakeNamesAndEveryDateForm() throws {
        let text = "学号,姓名,性别,毕业年份,毕业去向类别代码,单位名称,单位性质,工作职位类别,签约日期\r\n"
            + "\u{3000}２０２１０８０８０１ , 陈一 ,女,２０２５,１０,ＡＢＣ科技 ,其他企业,工程技术人员,2025/3/1\r\n"
            + "2021080802,林二,男,2025,11,某公司,39,13,2025年3月1日\r\n"
            + "2021080803,王三,1,2025,11,某公司,39,13,45078\r\n"
            + "2021080804,赵四,1,2025,11,某公司,39,13,20250301\r\n"
        let roster = try parser.parse(Data(text.utf8))
        let first = roster.rows[0].fields
        #expect(first["student_no"] == "2021080801")
        #expect(first["name"] == "陈一")
        #expect(first["gender"] == "2")
        #expect(first["grad_year"] == .integer(2025))
        #expect(first["destination_code"] == "10")
        #expect(first["employer_name"] == "ＡＢＣ科技")
        #expect(first["employer_nature"] == "39")
        #expect(first["job_category"] == "13")
        #expect(roster.rows.map { $0.fields["sign_date"] } == ["2025-03-01", "2025-03-01", "2023-06-01", "2025-03-01"])
    }

    @Test func badCellsAreRefusedWithTheCellAsWrittenAndWhatIsAllowed() throws {
        let text = "学号,姓名,单位性质,签约日期,毕业去向类别代码\r\n"
            + "2021080801,陈一,企业,2023-02-30,科研助理、管理助理\r\n"
            + "2021080802,林二,39,99999,10\r\n"
        do {
            _ = try parser.parse(Data(text.utf8))
            Issue.record("the roster should be refused")
        } catch {
            #expect(error.issues.map { "\($0.line)|\($0.column)|\($0.value)" } == [
                "2|单位性质|企业", "2|签约日期|2023-02-30", "2|毕业去向类别代码|科研助理、管理助理", "3|签约日期|99999",
            ])
            #expect(error.issues[0].reason.contains("31（国有企业）、32（三资企业）、39（其他企业）、43（民营企业）"))
            #expect(error.issues[1].reason.hasPrefix("须为真实日期，可写作 yyyy-mm-dd、yyyy/m/d"))
            #expect(error.issues[1].reason.hasSuffix("或 Excel 日期序号 32874 至 73415（1990 至 2100 年）"))
            #expect(error.issues[2].reason.contains("27（科研助理、管理助理）、271（科研助理、管理助理）"))
            #expect(error.issues[3].description == "第 3 行“签约日期”列：“99999”不可用；须为真实日期，可写作 yyyy-mm-dd、yyyy/m/d、yyyy.m.d、"
                + "yyyy年m月d日或 yyyymmdd，或 Excel 日期序号 32874 至 73415（1990 至 2100 年）")
        }
    }
}
