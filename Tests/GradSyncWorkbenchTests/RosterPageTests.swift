import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncServer
import HummingbirdTesting
import Testing

/// `/graduates`: search, filters, sort and paging on the server; the key-group filter only behind its toggle.
@Suite struct WorkbenchRosterPageTests {
    /// 120 graduates: every third placed (destination 70 is not placed, 80 with an institution is), every tenth a key-group graduate.
    static func harness() throws -> WorkbenchHarness {
        let harness = try WorkbenchHarness()
        var rows = "学号,姓名,性别,学历层次,毕业年份,专业名称,毕业去向代码,升学院校,重点群体类别\r\n"
        for index in 0..<120 {
            let destination = index % 3 == 0 ? "801,厦门大学" : "70,"
            rows += "2025\(String(format: "%06d", index)),学生\(index),男,本科,2025,\(index % 2 == 0 ? "自动化" : "测控"),\(destination),\(index % 10 == 0 ? "脱贫家庭" : "")\r\n"
        }
        let roster = try RosterParser(departments: try harness.replica.rosterDirectory(), defaultDepartment: "AUTO").parse(Data(rows.utf8))
        try harness.replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "seed")
        return harness
    }

    /// The student numbers a roster page lists, in order.
    static func listed(_ page: String) -> [String] {
        page.components(separatedBy: "<tr><td><a href=\"/graduates/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func itPagesSortsSearchesAndFilters() async throws {
        let harness = try Self.harness()
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let first = try await browser.get("/graduates").text
            #expect(Self.listed(first).count == 50 && Self.listed(first).first == "2025000000")
            #expect(first.contains("共 120 人") && first.contains("rel=\"next\""))
            let third = try await browser.get("/graduates?page=3").text
            #expect(Self.listed(third).count == 20 && third.contains("rel=\"prev\"") && !third.contains("rel=\"next\""))
            let descending = try await browser.get("/graduates?sort=student_no&order=desc").text
            #expect(Self.listed(descending).first == "2025000119")
            let search = try await browser.get("/graduates?q=" + Browser.encode("学生11")).text
            #expect(Set(Self.listed(search)) == Set(["2025000011"] + (110...119).map { "2025000\($0)" }))
            let placed = try await browser.get("/graduates?placed=yes&major=" + Browser.encode("自动化")).text
            #expect(Self.listed(placed) == stride(from: 0, to: 120, by: 6).map { String(format: "2025%06d", $0) })
            let category = try await browser.get("/graduates?category=80").text
            #expect(Self.listed(category).count == 40)
        }
    }

    @Test func theKeyGroupFilterWorksOnlyBehindItsToggle() async throws {
        let harness = try Self.harness()
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let ignored = try await browser.get("/graduates?key_group=yes").text
            #expect(ignored.contains("共 120 人"), "without the toggle the key-group filter is not read")
            #expect(!ignored.contains("name=\"key_group\"") && !ignored.contains("class=\"sensitive\""))
            let filtered = try await browser.get("/graduates?sensitive=1&key_group=yes").text
            #expect(filtered.contains("共 12 人") && filtered.contains("class=\"sensitive\""))
            #expect(Self.listed(filtered) == stride(from: 0, to: 120, by: 10).map { String(format: "2025%06d", $0) })
        }
    }
}
