import Foundation
import GradSyncCore
import GradSyncTesting
import Testing

/// The placement rules of the domain notes §3, through the built binary: each answers the same from
/// `graduate add/set`, `import` and `conflicts resolve`.
@Suite struct PlacementRulesCommandTests {
    static let employerFields = ["employer_name", "employer_uscc", "employer_nature", "employer_industry", "employer_region",
                                 "job_category", "sign_date"]

    private func roster(_ replica: CLIReplica, _ text: String) throws -> String {
        let path = replica.directory.file("roster.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func fields(_ replica: CLIReplica, _ studentNumber: String) throws -> FieldValue? {
        try CLIReplica.json(try replica.succeed(["graduate", "show", studentNumber, "--json"]))["fields"]
    }

    @Test func setDestination70ClearsTheEmployerAndResetsTheReview() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101", "job_category=13", "sign_date=2025-03-15", "review_status=学院已审核"]
                         + employedFields)
        try auto.succeed(["graduate", "set", "2021010101", "destination_code=70"])
        let shown = try fields(auto, "2021010101")
        for name in Self.employerFields { #expect((shown?[name] ?? .null) == .null, "\(name) is cleared") }
        #expect(shown?["review_status"] == .string("待审核"))
        let history = try CLIReplica.json(try auto.succeed(["graduate", "history", "2021010101", "--field", "employer_uscc", "--json"])).items
        #expect(history.last?["new"] == .null)
    }

    @Test func aReimportedRosterWhere10Became70ClearsTheEmployer() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + employedFields)
        try auto.succeed(["import", try roster(auto, """
            学号,姓名,性别,学院,学历层次,毕业年份,毕业去向类别代码,单位名称,统一社会信用代码,单位性质代码,单位行业代码,单位所在地代码
            2021010101,张三,1,AUTO,本科,2025,70,,,,,

            """)])
        let shown = try fields(auto, "2021010101")
        #expect(shown?["destination_code"] == .string("70"))
        for name in Self.employerFields { #expect((shown?[name] ?? .null) == .null, "\(name) is cleared") }
    }

    @Test func resolvingADestinationConflictClearsWhatTheChosenDestinationDoesNotUse() throws {
        let laptop = try CLIReplica(["--department", "AUTO"])
        let office = try CLIReplica(["--department", "AUTO"])
        try laptop.succeed(["graduate", "add", "2021010101"] + employedFields)
        try laptop.send(to: office)
        do {
            // A peer on an older version changes the destination and leaves the employer in place.
            let store = try office.openStore()
            defer { try? store.close() }
            try store.write(.graduate("2021010101", in: "AUTO"), fields: ["destination_code": .string("70")], mode: .update, author: "old")
        }
        try laptop.succeed(["graduate", "set", "2021010101", "destination_code=11"])
        try office.send(to: laptop)
        try laptop.succeed(["conflicts", "resolve", "2021010101", "destination_code", "70"])
        let shown = try fields(laptop, "2021010101")
        #expect(shown?["destination_code"] == .string("70"))
        for name in Self.employerFields { #expect((shown?[name] ?? .null) == .null, "\(name) is cleared") }
    }

    @Test func reportQualityListsARecordHoldingFieldsItsDestinationDoesNotUse() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + employedFields)
        try auto.succeed(["graduate", "add", "2021010102"] + unplacedFields)
        do {
            let store = try auto.openStore()
            defer { try? store.close() }
            try store.write(.graduate("2021010101", in: "AUTO"), fields: ["destination_code": .string("70")], mode: .update, author: "old")
        }
        let json = try CLIReplica.json(try auto.succeed(["report", "quality", "--format", "json"]))
        let rows = json["rows"]?.items.filter { $0["check"] == .string("destination_fields") } ?? []
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0["group"] == .string("2021010101") })
        #expect(rows.first?["detail"] == .string("去向与字段不符：毕业去向 70（待就业）不使用单位名称，请清空该字段"))
        #expect(try auto.succeed(["report", "quality"]).contains("去向与字段不符"))
    }

    @Test func aDepartmentIsToldThatIdentityFieldsAndTheCentralReviewAreTheCentralOfficesActs() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101", "exam_no=21350102150001"] + unplacedFields)
        let before = try auto.changeCount()
        let renamed = try auto.run(["graduate", "set", "2021010101", "name=王五", "review_status=学校已审核"])
        #expect(renamed.exitCode == 5)
        #expect(renamed.stderr.contains("姓名：所填值（个人信息，不显示）不可用；姓名取自学籍系统，只有学校就业指导中心可以修改"))
        #expect(renamed.stderr.contains("审核状态：“学校已审核”不可用；学校已审核是学校就业指导中心的审核，只能由中心节点设置"))
        #expect(!renamed.stderr.contains("王五"))
        #expect(try auto.changeCount() == before)
        let central = try CLIReplica(["--central"])
        try auto.send(to: central)
        try central.succeed(["graduate", "set", "2021010101", "name=王五", "review_status=学校已审核"])
        try central.succeed(["graduate", "set", "2021010101", "destination_code=71"])
        #expect(try fields(central, "2021010101")?["review_status"] == .string("待审核"))
    }

    @Test func identifiersAreCheckedOnAddAndImport() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let excel = try auto.run(["graduate", "add", "2021010101", "exam_no=2.3E+13"] + unplacedFields)
        #expect(excel.exitCode == 5)
        #expect(excel.stderr.contains("考生号：“2.3E+13”不可用；须为 14 位数字"))
        #expect(try auto.run(["graduate", "add", "2021-0101"] + unplacedFields).exitCode == 5)
        try auto.succeed(["graduate", "add", "212001"] + unplacedFields)
        let twin = try auto.run(["graduate", "add", "0212001"] + unplacedFields)
        #expect(twin.exitCode == 5)
        #expect(twin.stderr.contains("学号：“0212001”不可用；已有仅差前导零的学号：212001（AUTO）"))
        let imported = try auto.run(["import", try roster(auto, """
            学号,姓名,性别,学院,学历层次,毕业年份
            00212001,李四,2,AUTO,本科,2025

            """)])
        #expect(imported.exitCode == 5)
        #expect(imported.stderr.contains("第 2 行“学号”列：“00212001”不可用"))
        #expect(try auto.changeCount() == 6, "only 212001 and its five fields")
    }

    @Test func crossFieldRulesAcceptRealCasesAndRefuseContradictions() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let person = ["name=张三", "gender=1", "degree_level=本科", "grad_year=2025"]
        try auto.succeed(["graduate", "add", "2021010101", "destination_code=46", "employer_nature=40", "employer_industry=80",
                          "employer_region=350100"] + person)
        let army = try auto.run(["graduate", "add", "2021010102", "destination_code=46", "employer_nature=39", "employer_industry=80",
                                 "employer_region=350100"] + person)
        #expect(army.exitCode == 5)
        #expect(army.stderr.contains("单位性质：“39”不可用；毕业去向为 46（应征义务兵）时须为 40（部队）"))
        try auto.succeed(["graduate", "add", "2021010103", "destination_code=10", "employer_name=Grab Holdings", "employer_nature=39",
                          "employer_industry=34", "employer_country=新加坡"] + person)
        let home = try auto.run(["graduate", "add", "2021010104", "destination_code=85", "study_institution=厦门大学", "study_country=中国"]
                                + person)
        #expect(home.exitCode == 5)
        #expect(home.stderr.contains("留学国家（地区）：“中国”不可用；毕业去向为 85"))
        let study = try auto.run(["graduate", "add", "2021010105", "destination_code=801", "study_institution=厦门大学",
                                  "employer_name=福州智控科技有限公司"] + person)
        #expect(study.exitCode == 5)
        #expect(study.stderr.contains("单位名称：“福州智控科技有限公司”不可用；毕业去向为 801（研究生）时不填"))
        let future = try auto.run(["graduate", "add", "2021010106", "sign_date=2099-01-01"] + employedFields)
        #expect(future.exitCode == 5)
        #expect(future.stderr.contains("签约日期：“2099-01-01”不可用；不能晚于"))
    }
}
