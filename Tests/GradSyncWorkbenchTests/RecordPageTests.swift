import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncServer
import HTTPTypes
import HummingbirdTesting
import Testing

/// The record form: saves through the records layer, refusals inline in its words, history, delete and restore.
@Suite struct WorkbenchRecordPageTests {
    @Test func everyPageAnswersWithASession() async throws {
        let harness = try WorkbenchHarness()
        try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate, author: "seed")
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            for (uri, marker) in [("/", "今日工作"), ("/graduates", "2025000001"), ("/graduates/new", "name=\"destination_code\""),
                                  ("/graduates/2025000001", "张三"), ("/import", "enctype=\"multipart/form-data\""),
                                  ("/conflicts", "没有待处理的冲突"), ("/ledger", "敏感个人信息"), ("/sync", "立即同步")] {
                let response = try await browser.get(uri)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.text.contains(marker), "\(uri)")
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            }
            let script = try await browser.get("/assets/workbench.js")
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(script.text.contains(String(SocialCreditCode.alphabet)))
            let export = try await browser.get("/downloads/export.csv")
            #expect(export.headers[.contentDisposition]?.contains("attachment") == true)
            #expect(export.text.contains("2025000001"))
            let report = try await browser.get("/downloads/report.csv")
            #expect(report.text.contains("自动化") && report.text.contains("本科"))
            let missing = try await browser.get("/graduates/9999")
            #expect(missing.status == .notFound)
        }
    }

    @Test func theFormNamesInputsBySchemaFieldAndShowsCodeAndName() async throws {
        let harness = try WorkbenchHarness()
        try await harness.test { client in
            let page = try await Browser.signIn(client, harness.workbench).get("/graduates/new").text
            for field in GraduateSchema.fields where field.name != "department" {
                #expect(page.contains("name=\"\(field.name)\""), "\(field.name)")
                #expect(page.contains(escaped(field.label)), "\(field.label)")
            }
            let nature = try #require(CodeSet.latest.employerNature.entries.first)
            #expect(page.contains(">\(nature.code) \(escaped(nature.name))</option>"))
            let ten = try #require(Destination("10"))
            let needed = DestinationFields.needed(by: ten, in: [:]).joined(separator: " ")
            #expect(page.contains("value=\"10\" data-needed=\"\(needed)\""), "destination 10 says which fields it needs")
        }
    }

    @Test func aRegionIsChosenProvinceThenPrefectureThenCounty() async throws {
        let harness = try WorkbenchHarness()
        try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate.merging(["origin_region": .string("350102")]) { $1 },
                                        author: "seed")
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let page = try await browser.get("/graduates/2025000001").text
            let directory = RegionDirectory.current
            for code in ["350000", "350100", "350102"] {
                let name = try #require(directory.name(of: code))
                #expect(page.contains("<option value=\"\(code)\" selected>\(code) \(name)</option>"), "\(code)")
            }
            let sibling = try #require(directory.children(of: "350100").first { $0.code != "350102" })
            #expect(page.contains("<option value=\"\(sibling.code)\">"), "the prefecture's other counties are offered")
            let script = try await browser.get("/assets/regions.js").text
            #expect(script.contains("\"350102\":[\"\(directory.name(of: "350102")!)\",\"350100\"]"))
            #expect(script.contains("\"350100\":[\"\(directory.name(of: "350100")!)\",\"350000\"]"))
        }
    }

    @Test func eachPageMarksItsOwnValueInTheKeptOptionLists() async throws {
        let harness = try WorkbenchHarness()
        try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate, author: "seed")
        try harness.replica.addGraduate("2025000002", values: WorkbenchHarness.graduate.merging(["gender": .string("2")]) { $1 },
                                        author: "seed")
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            // The options are built once and shared by every request: one page's value must never show on the next.
            for (uri, value) in [("/graduates/2025000001", "1"), ("/graduates/2025000002", "2"), ("/graduates/2025000001", "1"),
                                 ("/graduates/new", nil)] as [(String, String?)] {
                let page = try await browser.get(uri).text
                let start = try #require(page.range(of: "<select id=\"f-gender\""), "\(uri)")
                let end = try #require(page[start.upperBound...].range(of: "</select>"))
                let select = page[start.lowerBound..<end.upperBound]
                #expect(select.components(separatedBy: " selected").count - 1 == (value == nil ? 0 : 1), "\(uri)")
                if let value { #expect(select.contains("<option value=\"\(value)\" selected>"), "\(uri)") }
            }
        }
    }

    /// Employer fields of destination 10 as the form sends them: a wrong USCC check character, or no region.
    static let wrongUSCC: [String: String] = [
        "destination_code": "10", "employer_name": "福州智控科技有限公司", "employer_uscc": "91350100M000100Y44",
        "employer_nature": "39", "employer_industry": "34", "employer_region": "350100",
    ]
    static let noRegion: [String: String] = wrongUSCC.merging(["employer_uscc": "91350100M000100Y43", "employer_region": ""]) { $1 }

    @Test(arguments: [wrongUSCC, noRegion])
    func aRefusedSaveShowsEveryProblemInTheRecordsLayersWordsAndWritesNothing(_ submitted: [String: String]) async throws {
        let harness = try WorkbenchHarness()
        try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate, author: "seed")
        // What the placement rules say of the same values, read and checked as `gradsync graduate set` reads and checks them.
        let input = FieldInput(.command)
        var values: [String: FieldValue] = [:]
        var expected: [String] = []
        for (name, text) in submitted where !text.isEmpty {
            do { values[name] = try input.value(text, for: GraduateSchema.field(named: name)!) } catch { expected.append(error.description) }
        }
        if expected.isEmpty {
            #expect(throws: RecordsError.self) {
                do { try harness.replica.setGraduate("2025000001", values: values, author: "probe") } catch RecordsError.invalid(_, let problems) {
                    expected = problems.map(\.description)
                    throw RecordsError.invalid(subject: "", problems: problems)
                }
            }
        }
        #expect(!expected.isEmpty)
        let before = try harness.changeCount()
        try await harness.test { [expected] client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let response = try await browser.post("/graduates/2025000001", submitted.map { ($0.key, $0.value) })
            #expect(response.status == .unprocessableContent)
            for problem in expected { #expect(response.text.contains(escaped(problem)), "\(problem)") }
            #expect(response.text.contains("value=\"\(submitted["employer_uscc"]!)\""), "what was typed stays in the form")
        }
        #expect(try harness.changeCount() == before)
        #expect(try harness.replica.graduate("2025000001").fields["destination_code"] == nil)
    }

    @Test func aSaveWritesOnlyTheFieldsChangedAndShowsTheirHistory() async throws {
        let harness = try WorkbenchHarness()
        try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate, author: "seed")
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            var form = WorkbenchHarness.graduate.mapValues { value -> String in
                if case .integer(let number) = value { return String(number) }
                return value.displayText
            }
            form["destination_code"] = "70"
            form["phone"] = "13800000000"
            let saved = try await browser.post("/graduates/2025000001", form.map { ($0.key, $0.value) })
            #expect(saved.status == .seeOther)
            let page = try await browser.get("/graduates/2025000001?saved=1")
            #expect(page.text.contains("已保存"))
            #expect(page.text.contains("13800000000") && page.text.contains(escaped(WorkbenchHarness.author)))
        }
        let history = try harness.replica.history(of: harness.replica.graduate("2025000001").id)
        #expect(Set(history.filter { $0.change.author == WorkbenchHarness.author }.map(\.change.field)) == ["destination_code", "phone"])
    }

    @Test func hostileRecordValuesAreEscapedOnEveryPage() async throws {
        let harness = try WorkbenchHarness()
        let hostile = "<script>alert(1)</script>\"'&"
        try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate.merging([
            "name": .string(hostile), "major_name": .string(hostile), "destination_code": .string("80"), "study_institution": .string(hostile),
        ]) { $1 }, author: hostile)
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            for uri in ["/", "/graduates", "/graduates/2025000001", "/graduates?q=%3Cscript%3E", "/graduates?major=%3Cscript%3E"] {
                let page = try await browser.get(uri).text
                #expect(!page.contains("<script>alert"), "\(uri)")
                #expect(!page.contains("\"'&"), "\(uri)")
            }
            let record = try await browser.get("/graduates/2025000001").text
            #expect(record.contains(escaped(hostile)))
        }
    }

    @Test func hostileSubmittedTextIsEscapedInEveryKindOfInput() async throws {
        let harness = try WorkbenchHarness()
        try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate, author: "seed")
        let hostile = "\"><script>alert(1)</script>'&"
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            // A refused save shows what was submitted: a code list's select (a value not in the list), a region's
            // code, a date, a USCC and plain text, each written into the page by its own kept input.
            var form = WorkbenchHarness.graduate.mapValues { value -> String in
                if case .integer(let number) = value { return String(number) }
                return value.displayText
            }
            for field in ["employer_nature", "origin_region", "sign_date", "employer_uscc", "phone", "gender"] { form[field] = hostile }
            let refused = try await browser.post("/graduates/2025000001", form.map { ($0.key, $0.value) })
            #expect(refused.status == .unprocessableContent)
            let page = refused.text
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("\"'&"))
            #expect(page.contains("<option value=\"\(escaped(hostile))\" selected>\(escaped(hostile))（不在代码表中）</option>"))
            #expect(page.contains("name=\"origin_region\" value=\"\(escaped(hostile))\""))
            #expect(page.contains("name=\"sign_date\" value=\"\(escaped(hostile))\""))
            #expect(page.contains("name=\"employer_uscc\" value=\"\(escaped(hostile))\""))
        }
    }

    @Test func deleteAndRestoreAskForConfirmationFirst() async throws {
        let harness = try WorkbenchHarness()
        try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate, author: "seed")
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let asked = try await browser.post("/graduates/2025000001/delete", [])
            #expect(asked.status == .ok && asked.text.contains("确认删除"))
            #expect(try harness.replica.graduate("2025000001").isDeleted == false)
            let deleted = try await browser.post("/graduates/2025000001/delete", [("confirmed", "yes")])
            #expect(deleted.status == .seeOther)
            #expect(try harness.replica.graduate("2025000001").isDeleted)
            let listed = try await browser.get("/graduates?deleted=1").text
            #expect(listed.contains("2025000001") && listed.contains("已删除"))
            let restored = try await browser.post("/graduates/2025000001/restore", [("confirmed", "yes")])
            #expect(restored.status == .seeOther)
            #expect(try harness.replica.graduate("2025000001").isDeleted == false)
        }
    }

    @Test func aNewGraduateWithProblemsIsRefusedWhole() async throws {
        let harness = try WorkbenchHarness()
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let response = try await browser.post("/graduates/new", [("student_no", "2025-01"), ("name", "李四"), ("grad_year", "1800")])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("data-problem-for=\"student_no\"") && response.text.contains("data-problem-for=\"grad_year\""))
            #expect(response.text.contains("value=\"李四\""))
        }
        #expect(try harness.changeCount() == 0)
    }
}
