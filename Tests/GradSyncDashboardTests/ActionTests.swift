import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
@testable import GradSyncServer
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// The office's acts in the browser: each written as an ordinary change, authored by the signed-in token's label.
struct ActionTests {
    /// The label of the central token the tests sign in with: the author of every act.
    static let label = "就业指导中心 李老师"

    /// A harness with the conflict journal and a department replica that synced it.
    static func harnessWithConflicts() async throws -> (DashboardHarness, String) {
        let harness = try DashboardHarness()
        let department = try harness.replicas.department("auto", "AUTO")
        try await DashboardDataset.addConflictsAndSyncHealth(central: harness.central, department: department)
        return (harness, try harness.central.tokens.issue(scope: .central, label: label).token)
    }

    @Test func keepingOneValueResolvesTheConflictAsTheSignedInLabel() async throws {
        let (harness, token) = try await Self.harnessWithConflicts()
        let replica = PlacementReplica(store: harness.central)
        let record = RecordID.graduate("A06", in: "AUTO")
        let kept = try #require(try replica.heads(of: record, field: "name").first { $0.value == .string("钱六一") })
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: token)
            let page = try await client.get("/conflicts", cookie: browser.cookie)
            #expect(page.text.contains("value=\"\(kept.id.description)\""), "the page offers the head to keep")
            let response = try await client.act("/conflicts", [("department", "AUTO"), ("student", "A06"), ("field", "name"),
                                                               ("keep", kept.id.description)], as: browser)
            #expect(response.status == .seeOther, "\(response.text.components(separatedBy: "<main>").last?.prefix(900) ?? "")")
            #expect(response.headers[.location] == "/conflicts")
        }
        let after = try replica.graduate("A06", department: "AUTO")
        #expect(after.fields["name"] == .string("钱六一"))
        #expect(!after.conflictedFields.contains("name"))
        #expect(try harness.central.allChanges().last?.author == Self.label)
    }

    @Test func enteringAnotherValueResolvesTheConflict() async throws {
        let (harness, token) = try await Self.harnessWithConflicts()
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: token)
            let response = try await client.act("/conflicts", [("department", "AUTO"), ("student", "A06"), ("field", "name"),
                                                               ("value", "钱陆一"), ("enter", "1")], as: browser)
            #expect(response.status == .seeOther)
        }
        let after = try PlacementReplica(store: harness.central).graduate("A06", department: "AUTO")
        #expect(after.fields["name"] == .string("钱陆一"))
        #expect(after.conflictedFields.isEmpty)
    }

    @Test func correctingARecordWritesOnlyTheChangedFieldThroughTheRecordsLayer() async throws {
        let harness = try DashboardHarness()
        let token = try harness.central.tokens.issue(scope: .central, label: Self.label).token
        let replica = PlacementReplica(store: harness.central)
        let before = try replica.graduate("A02", department: "AUTO")
        let changesBefore = try harness.central.allChanges().count
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: token)
            let page = try await client.get("/graduates/AUTO/A02", cookie: browser.cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains("name=\"employer_name\""))
            var fields = GraduatePage.editableFields.map { field in (field.name, before.fields[field.name].map(GraduatePage.editText) ?? "") }
            let uscc = try #require(fields.firstIndex { $0.0 == "employer_uscc" })
            fields[uscc].1 = "91350100M000100Y43"
            let response = try await client.act("/graduates/AUTO/A02", fields, as: browser)
            #expect(response.status == .seeOther, "\(response.text.components(separatedBy: "<main>").last?.prefix(900) ?? "")")
            #expect(response.headers[.location] == "/graduates/AUTO/A02")
        }
        let after = try replica.graduate("A02", department: "AUTO")
        #expect(after.fields["employer_uscc"] == .string("91350100M000100Y43"))
        #expect(after.fields.filter { $0.key != "employer_uscc" } == before.fields.filter { $0.key != "employer_uscc" })
        let written = try harness.central.allChanges().dropFirst(changesBefore)
        #expect(written.map(\.field) == ["employer_uscc"])
        #expect(written.allSatisfy { $0.author == Self.label })
    }

    @Test func lookingUpARecordOpensItsPage() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let found = try await client.get("/graduates?department=AUTO&number=A02", cookie: cookie)
            #expect(found.status == .seeOther)
            #expect(found.headers[.location] == "/graduates/AUTO/A02")
            #expect(try await client.get("/graduates/AUTO/NOPE", cookie: cookie).status == .notFound)
            let record = try await client.get("/graduates/AUTO/A02", cookie: cookie).text
            #expect(record.contains("name=\"employer_name\""))
            #expect(!record.contains("低保家庭") && !record.contains("name=\"key_groups\""), "key-group categories are sensitive: never shown")
        }
    }

    @Test func settingTheDirectoryWritesADirectoryRecord() async throws {
        let harness = try DashboardHarness()
        let token = try harness.central.tokens.issue(scope: .central, label: Self.label).token
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: token)
            let response = try await client.act("/directory", [("code", "MATH"), ("name", "数学与统计学院")], as: browser)
            #expect(response.status == .seeOther)
            let page = try await client.get("/directory", cookie: browser.cookie)
            #expect(page.text.contains("<td>数学与统计学院</td>"))
        }
        #expect(try PlacementReplica(store: harness.central).departmentDirectory().names["MATH"] == "数学与统计学院")
        #expect(try harness.central.allChanges().last?.author == Self.label)
    }

    @Test func issuingADepartmentTokenShowsItOnceAsTextAndFileAndRevokingEndsIt() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: harness.centralToken)
            let response = try await client.act("/tokens", [("department", "CS"), ("label", "计算机学院 王老师")], as: browser)
            #expect(response.status == .ok)
            let html = response.text
            let range = try #require(html.range(of: #"gs1\.[0-9a-f]{16}\.[0-9a-f]{64}"#, options: .regularExpression))
            let secret = String(html[range])
            let issued = try #require(try await harness.central.tokens.authenticate(bearer: secret))
            #expect(issued.scope == .department(try .department("CS")))
            #expect(issued.label == "计算机学院 王老师")
            let file = try #require(html.range(of: #"href="data:text/plain;charset=utf-8;base64,[A-Za-z0-9+/=]+""#, options: .regularExpression))
            let encoded = html[file].dropFirst("href=\"data:text/plain;charset=utf-8;base64,".count).dropLast()
            #expect(Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) } == secret + "\n")
            #expect(html.contains("download=\"gradsync-CS.token\""))
            let list = try await client.get("/tokens", cookie: browser.cookie).text
            #expect(list.contains(issued.id) && !list.contains(secret), "listed by id, its secret never again")
            let revoked = try await client.act("/tokens/revoke", [("id", issued.id)], as: browser)
            #expect(revoked.status == .seeOther)
            #expect(try await harness.central.tokens.authenticate(bearer: secret) == nil)
        }
        #expect(try harness.central.tokens.all().first { $0.label == "计算机学院 王老师" }?.revokedAtMilliseconds != nil)
    }

    @Test func dismissingAClockSuspectRemovesItsNotice() async throws {
        let harness = try DashboardHarness()
        let fast = ManualClock(start: harness.replicas.clock.now() + 2 * 3_600_000)
        let department = try harness.replicas.department("fast", "AUTO", clock: fast)
        try department.write(.graduate("Z01", in: "AUTO"), fields: ["name": .string("快钟")], mode: .upsert, author: "secretary")
        _ = try ReplicaExchange.send(from: department, to: harness.central)
        let suspect = try #require(try harness.central.clockSuspects().first)
        #expect(suspect.origin == department.replicaID)
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: harness.centralToken)
            let page = try await client.get("/sync", cookie: browser.cookie)
            #expect(page.text.contains("name=\"origin\" value=\"\(suspect.origin.hex)\""))
            let response = try await client.act("/sync", [("origin", suspect.origin.hex)], as: browser)
            #expect(response.status == .seeOther)
        }
        #expect(try harness.central.clockSuspects().isEmpty)
    }
}
