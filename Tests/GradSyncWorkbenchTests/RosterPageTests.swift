import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncServer
import GradSyncStore
import GradSyncTesting
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

    @Test func everySortAndFilterReadsTheFieldsItNeeds() async throws {
        let harness = try Self.harness()
        let store = harness.replica.store
        let scope = try Scope.department("AUTO")
        // Written through the store, as a peer's changes arrive: a destination lacking the institution it needs.
        for (key, extra, deleted) in [("2026000001", ["destination_code": FieldValue.string("801")], false),
                                      ("2026000002", [:], false), ("2026000003", [:], true)] {
            let id = RecordID(scope: scope, collection: GraduateSchema.collection, key: key)
            try store.write(id, fields: WorkbenchHarness.graduate.merging(extra) { $1 }.merging(["student_no": .string(key)]) { $1 },
                            mode: .create, author: "seed")
            if deleted { try store.delete(id, author: "seed") }
        }
        let other = try harness.replicas.make("auto-2", scope: .department(scope), validator: PlacementValidator())
        try ReplicaExchange.sync(store, other)
        let conflicted = RecordID(scope: scope, collection: GraduateSchema.collection, key: "2025000005")
        try store.write(conflicted, fields: ["degree_level": .string("硕士")], mode: .update, author: "甲")
        try other.write(conflicted, fields: ["degree_level": .string("博士")], mode: .update, author: "乙")
        try ReplicaExchange.sync(store, other)
        let names = (0..<120).map { (String(format: "2025%06d", $0), "学生\($0)") } + [("2026000001", "张三"), ("2026000002", "张三")]
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            #expect(Self.listed(try await browser.get("/graduates?todo=missing").text) == ["2026000001"])
            #expect(Self.listed(try await browser.get("/graduates?category=none").text) == ["2026000002"])
            #expect(Self.listed(try await browser.get("/graduates?deleted=1").text) == ["2026000003"])
            #expect(Self.listed(try await browser.get("/graduates?conflicted=1").text) == ["2025000005"])
            let byName = names.sorted { $0.1 == $1.1 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.0)
            #expect(Self.listed(try await browser.get("/graduates?sort=name&page=2").text) == Array(byName[50..<100]))
            let byDestination = Self.listed(try await browser.get("/graduates?sort=destination_code&order=desc").text)
            #expect(byDestination.prefix(3) == ["2026000001", "2025000117", "2025000114"])
            #expect(Self.listed(try await browser.get("/graduates?sort=major_name").text).prefix(2) == ["2025000001", "2025000003"])
            let search = try await browser.get("/graduates?q=" + Browser.encode("张") + "&page=9").text
            #expect(Self.listed(search) == ["2026000001", "2026000002"] && search.contains("共 2 人，第 1/1 页"))
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
