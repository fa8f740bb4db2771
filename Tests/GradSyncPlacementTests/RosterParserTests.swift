import Foundation
import GradSyncCore
import GradSyncPlacement
import Testing

/// Roster import on files written the way Excel writes them (see Fixtures/make_rosters.py).
struct RosterParserTests {
    private let parser = RosterParser(departments: Fixture.departments)

    private func parse(_ name: String, parser: RosterParser? = nil, encoding: TextEncoding? = nil) throws -> Roster {
        try (parser ?? self.parser).parse(try Fixture.data(name), encoding: encoding)
    }

    private func refusal(_ name: String, encoding: TextEncoding? = nil) throws -> RosterRefusal? {
        do {
            _ = try parser.parse(try Fixture.data(name), encoding: encoding)
            return nil
        } catch let refusal as RosterRefusal {
            return refusal
        }
    }

    @Test func gb18030RosterWithCRLFIsDetectedAndDecoded() throws {
        let roster = try parse("roster_gb18030_crlf.csv")
        #expect(roster.encoding == .gb18030)
        #expect(roster.warnings.isEmpty)
        #expect(roster.rows.map(\.line) == [2, 3, 4])
        #expect(roster.rows.map(\.department) == ["AUTO", "AUTO", "AUTO"])
        let first = roster.rows[0].fields
        #expect(first["name"] == "张三")
        #expect(first["exam_no"] == "21350102150001")
        #expect(first["major_code"] == "080801")
        #expect(first["grad_year"] == .integer(2025))
        #expect(first["employer_uscc"] == "91350100M000100Y43")
        #expect(first["sign_date"] == "2025-03-15")
        #expect(roster.rows[2].fields["name"] == "吴𠮷")
    }

    @Test func emptyCellsAreNotGiven() throws {
        let roster = try parse("roster_gb18030_crlf.csv")
        let unplaced = roster.rows[1].fields
        #expect(unplaced["destination_code"] == "70")
        #expect(unplaced["employer_name"] == nil)
        #expect(roster.rows[2].fields["destination_code"] == nil)
        #expect(!roster.rows[2].fields.values.contains(.null))
    }

    @Test func utf8WithByteOrderMarkAndFieldNameHeaders() throws {
        let roster = try parse("roster_utf8_bom.csv")
        #expect(roster.encoding == .utf8)
        #expect(roster.rows.count == 1)
        #expect(roster.rows[0].department == "CS")
        #expect(roster.rows[0].fields == [
            "student_no": "2021020201", "name": "赵六", "gender": "2", "degree_level": "硕士", "grad_year": .integer(2025),
            "destination_code": "801", "study_institution": "厦门大学",
        ])
    }

    @Test func quotedCommasQuotesAndLineBreaksSurvive() throws {
        let departmentParser = RosterParser(departments: Fixture.departments, defaultDepartment: "ECON")
        let roster = try parse("roster_quoted.csv", parser: departmentParser)
        #expect(roster.rows.count == 2)
        #expect(roster.rows[0].fields["employer_name"] == "厦门\"星辰\",科技有限公司")
        #expect(roster.rows.map(\.line) == [2, 4])
        #expect(roster.rows.map(\.department) == ["ECON", "ECON"])
        #expect(roster.warnings == [RosterWarning(column: "备注", message: "不是已知的列，其内容不导入")])
    }

    @Test func shuffledChineseHeadersAndWordsForGender() throws {
        let roster = try parse("roster_shuffled_headers.csv")
        #expect(roster.rows.map(\.studentNumber) == ["2021040401", "2021040402"])
        #expect(roster.rows[0].fields["gender"] == "2")
        #expect(roster.rows[1].fields["gender"] == "1")
        #expect(roster.rows[0].fields["key_groups"] == .list(["脱贫家庭", "低保家庭"]))
        #expect(roster.rows[1].fields["key_groups"] == nil)
        #expect(roster.rows.map(\.department) == ["ECON", "ECON"])
        #expect(roster.rows[1].fields["degree_level"] == "博士")
    }

    @Test func rosterWithBadRowsReturnsNothingAndListsEveryBadRow() throws {
        let refused = try #require(try refusal("roster_bad_rows.csv"))
        let found = refused.issues.map { "\($0.line)|\($0.column)|\($0.value)" }
        #expect(found == [
            "3|性别|3", "3|毕业去向类别代码|99", "3|签约日期|2025-02-30",
            "4|学院|物理学院",
            "6|学历层次|研究生", "6|毕业年份|1999", "6|统一社会信用代码|91350100M000100Y44", "6|手机号|\(ValidationError.hidden)",
            "7|学号|2021050501",
        ])
        #expect(refused.issues.last?.description
            == "第 7 行“学号”列：“2021050501”不可用；每个学号在花名册中只能出现一次；第 2 行也有")
        #expect(refused.issues[3].reason == "须为学院目录中的学院代码或名称：AUTO（自动化学院）、CS（计算机学院）、ECON（经济学院）")
        #expect(refused.warnings.map(\.column) == ["备注"])
        #expect(!refused.description.contains("13800000000"))
    }

    @Test func refusedRosterStillHandsBackTheRowsWhoseCellsPassed() throws {
        let refused = try #require(try refusal("roster_bad_rows.csv"))
        #expect(refused.rows.map(\.line) == [2, 7, 8])
        #expect(refused.rows.map(\.studentNumber) == ["2021050501", "2021050501", "2021050505"])
    }

    @Test func unknownColumnIsReportedAndNotImported() throws {
        let roster = try parse("roster_unknown_column.csv")
        #expect(roster.warnings.map(\.description) == ["“身份证号”列：毕业去向登记不需要身份证号，本系统不保存（个人信息只收集必要的）；其内容不导入"])
        #expect(roster.rows[0].fields == ["student_no": "2021060601", "name": "郑一"])
    }

    @Test func forcingUTF8OnAGB18030FileIsRefused() throws {
        let refused = try #require(try refusal("roster_gb18030_crlf.csv", encoding: .utf8))
        #expect(refused.issues.map(\.reason) == ["文件不是有效的 utf-8 文本"])
        #expect(refused.description == "花名册被拒绝，未导入任何内容：文件不是有效的 utf-8 文本")
    }

    @Test func forcingGB18030ReadsTheGB18030File() throws {
        #expect(try parse("roster_gb18030_crlf.csv", encoding: .gb18030).rows.count == 3)
    }

    @Test func rosterWithoutDepartmentNeedsAReplicaDepartment() throws {
        let refused = try #require(try refusal("roster_quoted.csv"))
        #expect(refused.issues.first?.description
            == "第 1 行“学院”列：须有学院（department）列：本副本没有自己的学院")
    }

    @Test func headerMustNameTheStudentNumberOnce() throws {
        let data = Data("学号,student_no,姓名\r\n1,1,甲\r\n".utf8)
        #expect(throws: RosterRefusal.self) { try RosterParser(departments: Fixture.departments, defaultDepartment: "CS").parse(data) }
        let noKey = Data("姓名\r\n甲\r\n".utf8)
        do {
            _ = try RosterParser(departments: Fixture.departments, defaultDepartment: "CS").parse(noKey)
            Issue.record("a roster without 学号 was accepted")
        } catch {
            #expect(error.issues.first?.reason == "须有学号（student_no）列")
        }
    }

    @Test func unclosedQuoteNamesTheLineWhereTheRecordStarts() throws {
        let data = Data("学号,姓名\r\n1,甲\r\n2,\"乙\r\n".utf8)
        do {
            _ = try RosterParser(departments: Fixture.departments, defaultDepartment: "CS").parse(data)
            Issue.record("an unclosed quote was accepted")
        } catch {
            #expect(error.issues.map(\.description) == ["第 3 行：引号括起的字段没有结束"])
        }
    }

    @Test func recordRuleErrorsAreTiedToTheRosterLine() throws {
        let row = try parse("roster_gb18030_crlf.csv").rows[0]
        var merged = row.fields
        merged["employer_uscc"] = nil
        let issues = row.issues(for: GraduateValidator().validateRecord(merged))
        #expect(issues.map(\.description) == [
            "第 2 行“统一社会信用代码”列：毕业去向为 10（签就业协议形式就业）时必填",
        ])
    }

    @Test func lineBreaksInsideSingleLineTextCellsAreFoldedAndNoticed() throws {
        // Alt+Enter in Excel: LF inside a quoted cell; CRLF and CR as other tools write them.
        let text = "学号,姓名,单位名称,专业名称,毕业去向类别代码\r\n"
            + "2021070701,\"陈\r\n一\",\"福州智控\n科技\r有限公司\",自动化,10\r\n"
            + "2021070702,林二,普通公司,\"\n\",11\r\n"
        let roster = try RosterParser(departments: Fixture.departments, defaultDepartment: "AUTO").parse(Data(text.utf8))
        #expect(roster.rows.map(\.line) == [2, 6])
        #expect(roster.rows[0].fields["name"] == "陈 一")
        #expect(roster.rows[0].fields["employer_name"] == "福州智控 科技 有限公司")
        #expect(roster.rows[1].fields["major_name"] == nil, "a cell of line breaks only is empty")
        #expect(roster.notices.map(\.description) == [
            "第 2 行“姓名”列：单元格内的 1 个换行已各改为一个空格",
            "第 2 行“单位名称”列：单元格内的 2 个换行已各改为一个空格",
            "第 6 行“专业名称”列：单元格内的 1 个换行已各改为一个空格",
        ])
    }

    @Test func lineBreaksAnywhereElseStillRefuseTheRoster() throws {
        let text = "学号,姓名,毕业去向类别代码,签约日期\r\n"
            + "2021070701,\"陈\n一\",\"10\n\",2025-03-01\r\n"
            + "\"2021\n070702\",林二,70,\"2025-03-01\r\n\"\r\n"
        do {
            _ = try RosterParser(departments: Fixture.departments, defaultDepartment: "AUTO").parse(Data(text.utf8))
            Issue.record("a line break in a code cell was accepted")
        } catch {
            #expect(error.issues.map(\.column) == ["毕业去向类别代码", "学号", "签约日期"])
            #expect(error.notices.map(\.column) == ["姓名"])
        }
    }

    @Test func theNationalSystemsHeadersAreReadAndItsExtraColumnsReported() throws {
        let text = "学号,姓名,性别,学历层次,毕业年份,学院名称,生源所在地代码,重点群体,毕业去向,手机号码,联系电话,身份证号,培养方式,备注\n"
            + "2021010101,张三,男,本科,2025,自动化学院,350102,脱贫家庭,待就业,13800000000,0591-12345678,350102200001010011,非定向,无\n"
        let roster = try parser.parse(Data(text.utf8))
        let fields = try #require(roster.rows.first).fields
        #expect(roster.rows.first?.department == "AUTO")
        #expect(fields["origin_region"] == "350102")
        #expect(fields["key_groups"] == .list(["脱贫家庭"]))
        #expect(fields["destination_code"] == "70")
        // Both phone columns, as the export has them: the mobile is read, the other reported and left out.
        #expect(fields["phone"] == "13800000000")
        #expect(roster.warnings.map(\.column) == ["联系电话", "身份证号", "培养方式", "备注"])
        #expect(roster.warnings[0].message.contains("手机号码"))
        #expect(fields.count == 9, "\(fields.keys.sorted())")
    }

    @Test func theSameHeaderTwiceIsStillRefused() throws {
        let text = "学号,姓名,姓名\n2021010101,张三,李四\n"
        #expect(throws: RosterRefusal.self) { try parser.parse(Data(text.utf8)) }
    }
}
