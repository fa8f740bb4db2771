import Foundation
import GradSyncCore
import GradSyncTesting
import Testing

/// `graduate set` and `import` read the same text through one normaliser, so they store the same value.
@Suite struct InputNormalisationTests {
    /// Column (or Chinese field name) and text as a secretary might type them: spaces, full-width digits, names of codes, other date forms.
    private let typed: [(column: String, text: String)] = [
        ("姓名", " 陈一\u{3000}"), ("性别", "女"), ("学历层次", "本科"), ("毕业年份", "２０２５"), ("毕业去向类别代码", " １０ "),
        ("单位名称", "福州智控科技有限公司"), ("统一社会信用代码", "91350100M000100Y43"), ("单位性质", "其他企业"),
        ("单位行业", "信息传输、软件和信息技术服务业"), ("单位所在地", "３５０１００"), ("工作职位类别", "工程技术人员"),
        ("签约日期", "2025年3月1日"),
    ]

    private func storedFields(_ replica: CLIReplica, _ studentNumber: String) throws -> FieldValue? {
        let json = try CLIReplica.json(try replica.succeed(["graduate", "show", studentNumber, "--json"]))
        guard case .object(var fields)? = json["fields"] else { return nil }
        fields["student_no"] = nil
        return .object(fields)
    }

    private func importRow(_ replica: CLIReplica, _ directory: TemporaryDirectory, _ columns: [String], _ cells: [String]) throws {
        let file = directory.file("roster-\(UUID().uuidString).csv")
        try (columns.joined(separator: ",") + "\r\n" + cells.joined(separator: ",") + "\r\n").write(toFile: file, atomically: true, encoding: .utf8)
        try replica.succeed(["import", file])
    }

    @Test func setAndImportStoreTheSameValueForTheSameText() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        let directory = try TemporaryDirectory()
        try auto.succeed(["graduate", "add", "2021090901"] + typed.map { "\($0.column)=\($0.text)" })
        try importRow(auto, directory, ["学号"] + typed.map(\.column), ["2021090902"] + typed.map(\.text))
        let added = try #require(try storedFields(auto, "2021090901"))
        #expect(added == (try storedFields(auto, "2021090902")))
        #expect(added["name"] == .string("陈一"))
        #expect(added["grad_year"] == .integer(2025))
        #expect(added["destination_code"] == .string("10"))
        #expect(added["employer_nature"] == .string("39"))
        #expect(added["employer_industry"] == .string("34"))
        #expect(added["employer_region"] == .string("350100"))
        #expect(added["job_category"] == .string("13"))
        #expect(added["sign_date"] == .string("2025-03-01"))

        for text in [" 2025/3/2", "２０２５．３．２", "20250302"] {
            try auto.succeed(["graduate", "set", "2021090901", "sign_date=\(text)"])
            try importRow(auto, directory, ["学号", "签约日期"], ["2021090902", text])
            #expect(try storedFields(auto, "2021090901")?["sign_date"] == .string("2025-03-02"))
            #expect(try storedFields(auto, "2021090901") == (try storedFields(auto, "2021090902")))
        }
    }

    @Test func chineseFieldNamesAreTheSchemasFieldsAndKeepTheirRules() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021090901"] + unplacedFields)
        try auto.succeed(["graduate", "set", "2021090901", "毕业去向代码=801", "升学院校名称=厦门大学"])
        let fields = try #require(try storedFields(auto, "2021090901"))
        #expect(fields["destination_code"] == .string("801"))
        #expect(fields["study_institution"] == .string("厦门大学"))
        let before = try auto.changeCount()
        let reserved = try auto.run(["graduate", "set", "2021090901", "学院=CS"])
        #expect(reserved.exitCode == 5)
        #expect(reserved.stderr.contains("学院：学院是记录的范围"))
        let twice = try auto.run(["graduate", "set", "2021090901", "升学院校=福州大学", "study_institution=厦门大学"])
        #expect(twice.exitCode == 5)
        #expect(twice.stderr.contains("字段 study_institution 给了两次（“升学院校”和“study_institution”）"))
        #expect(try auto.changeCount() == before)
    }

    @Test func everyBadTypedValueIsRefusedAsTypedWithWhatIsAllowedAndNothingIsWritten() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021090901"] + employedFields)
        let before = try auto.changeCount()
        let refused = try auto.run(["graduate", "set", "2021090901", "单位性质=企业", "签约日期=2025年2月30日", "destination_code=科研助理、管理助理"])
        #expect(refused.exitCode == 5)
        #expect(refused.stderr.contains("单位性质：“企业”不可用；须为单位性质代码或其中一个名称的全称；"
            + "“企业”只是名称的一部分，包含它的名称有：31（国有企业）、32（三资企业）、39（其他企业）、43（民营企业）"))
        #expect(refused.stderr.contains("签约日期：“2025年2月30日”不可用；须为真实日期，可写作 yyyy-mm-dd、yyyy/m/d"))
        #expect(refused.stderr.contains("27（科研助理、管理助理）、271（科研助理、管理助理）"))
        #expect(try auto.run(["graduate", "set", "2021090901", "sign_date=45078"]).exitCode == 5)
        #expect(try auto.changeCount() == before)
    }
}
