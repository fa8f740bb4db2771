import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncServer
import GradSyncStore
import GradSyncTesting
import HummingbirdTesting
import Testing

/// The roster upload (dry run, then confirm) and the conflict page.
@Suite struct WorkbenchImportAndConflictTests {
    static let good = "学号,姓名,性别,学历层次,毕业年份,专业名称\r\n2025000101,赵一,男,本科,2025,自动化\r\n2025000102,钱二,女,硕士,2025,控制工程\r\n"
    /// One good row and two bad ones: an unknown gender, a year out of range.
    static let bad = "学号,姓名,性别,学历层次,毕业年份\r\n2025000201,孙三,男,本科,2025\r\n2025000202,李四,未知,本科,2025\r\n2025000203,周五,女,本科,1800\r\n"

    @Test func aGoodRosterIsWrittenOnlyOnConfirmationAndOnce() async throws {
        let harness = try WorkbenchHarness()
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let dryRun = try await browser.upload(Data(Self.good.utf8))
            #expect(dryRun.status == .ok)
            #expect(dryRun.text.contains("id=\"import-checked\"") && dryRun.text.contains("将新增 <strong>2</strong> 人"))
            #expect(try harness.changeCount() == 0, "nothing is written before the confirmation")
            let pending = try #require(Self.value(of: "pending", in: dryRun.text))
            let confirmed = try await browser.post("/import/confirm", [("pending", pending)])
            #expect(confirmed.text.contains("id=\"import-done\"") && confirmed.text.contains("新增 2 人"))
            let replayed = try await browser.post("/import/confirm", [("pending", pending)])
            #expect(replayed.status == .conflict)
        }
        #expect(try harness.replica.graduate("2025000102").fields["major_name"] == .string("控制工程"))
        #expect(try harness.replica.graduates().count == 2)
    }

    @Test(arguments: [false, true])
    func aBadRosterIsRefusedWholeWithEveryProblem(_ gb18030: Bool) async throws {
        let harness = try WorkbenchHarness()
        let data = gb18030 ? try #require(TextEncoding.gb18030.encode(Self.bad)) : Data(Self.bad.utf8)
        // The problems `gradsync import` lists for the same file.
        let roster = RosterParser(departments: try harness.replica.rosterDirectory(), defaultDepartment: "AUTO")
        var expected: [RosterIssue] = []
        do {
            let parsed = try roster.parse(data)
            try harness.replica.importRoster(parsed.rows, restoreDeleted: false, dryRun: true, author: "probe")
        } catch let refusal as RosterRefusal {
            do { try harness.replica.importRoster(refusal.rows, rowIssues: refusal.issues, restoreDeleted: false, dryRun: true, author: "probe") }
            catch RecordsError.rosterRefused(let issues) { expected = issues }
        } catch RecordsError.rosterRefused(let issues) {
            expected = issues
        }
        #expect(Set(expected.map(\.line)) == [3, 4])
        try await harness.test { [expected] client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let response = try await browser.upload(data)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("id=\"import-refused\"") && !response.text.contains("import-confirm"))
            for issue in expected {
                #expect(response.text.contains("<td class=\"number\">\(issue.line)</td><td>\(escaped(issue.column))</td><td>\(escaped(issue.value))</td><td>\(escaped(issue.reason))</td>"),
                        "\(issue)")
            }
        }
        #expect(try harness.changeCount() == 0)
    }

    @Test func anExcelWorkbookIsReadAsTheCLIReadsIt() async throws {
        let harness = try WorkbenchHarness()
        let rows = Self.good.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let workbook = try XLSXWriter.workbook(sheetName: "毕业生", rows: rows)
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let dryRun = try await browser.upload(workbook, fileName: "2025届.xlsx")
            #expect(dryRun.text.contains("将新增 <strong>2</strong> 人"), "\(dryRun.text.prefix(2000))")
            let pending = try #require(Self.value(of: "pending", in: dryRun.text))
            let confirmed = try await browser.post("/import/confirm", [("pending", pending)])
            #expect(confirmed.text.contains("id=\"import-done\""))
        }
        #expect(try harness.replica.graduates().count == 2)
    }

    @Test func anOversizedUploadIsRefused() async throws {
        let harness = try WorkbenchHarness()
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let response = try await browser.upload(Data(repeating: 65, count: 200 * 1024))
            #expect(response.status == .contentTooLarge)
        }
        #expect(try harness.changeCount() == 0)
    }

    @Test func aConflictIsListedWithEveryValueAndResolvedByKeepingOne() async throws {
        let harness = try WorkbenchHarness()
        try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate, author: "seed")
        let other = PlacementReplica(store: try harness.replicas.make("auto-2", scope: .department(try Scope.department("AUTO")),
                                                                         validator: PlacementValidator()))
        _ = try ReplicaExchange.sync(harness.replica.store, other.store)
        try harness.replica.setGraduate("2025000001", values: ["major_name": .string("<b>自动化</b>")], author: "甲")
        try other.setGraduate("2025000001", values: ["major_name": .string("机器人工程")], author: "乙")
        _ = try ReplicaExchange.sync(harness.replica.store, other.store)
        #expect(try harness.replica.conflicts().count == 1)
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let page = try await browser.get("/conflicts").text
            #expect(page.contains(escaped("<b>自动化</b>")) && page.contains("机器人工程") && page.contains("甲") && page.contains("乙"))
            #expect(!page.contains("<b>自动化"))
            let refused = try await browser.post("/conflicts/resolve", [("student_no", "2025000001"), ("department", "AUTO"),
                                                                        ("field", "grad_year"), ("value", "2025")])
            #expect(refused.status == .unprocessableContent, "a field not in conflict is the records layer's to refuse")
            let resolved = try await browser.post("/conflicts/resolve", [("student_no", "2025000001"), ("department", "AUTO"),
                                                                         ("field", "major_name"), ("value", "机器人工程")])
            #expect(resolved.status == .seeOther)
            #expect(try await browser.get("/conflicts?resolved=1").text.contains("没有待处理的冲突"))
        }
        #expect(try harness.replica.conflicts().isEmpty)
        #expect(try harness.replica.graduate("2025000001").fields["major_name"] == .string("机器人工程"))
    }

    /// The value of a hidden input named `name`.
    static func value(of name: String, in page: String) -> String? {
        guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }
}
