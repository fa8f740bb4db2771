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

/// The conflicts page lists the journal a page at a time, each entry with its form; the CSV download holds every entry.
struct ConflictPagingTests {
    /// A central node whose journal holds `count` conflicted fields: graduates C001… each given two names concurrently.
    static func harness(conflicts count: Int) throws -> DashboardHarness {
        let harness = try DashboardHarness()
        let department = try harness.replicas.department("auto", "AUTO")
        let keys = (1...count).map { "C" + String(format: "%03d", $0) }
        for key in keys {
            try harness.central.write(.graduate(key, in: "AUTO"), fields: ["employer_name": .string("甲公司"), "name": .string("张三"), "gender": .string("1"),
                                                                          "degree_level": .string("本科"), "grad_year": .integer(2024)], mode: .upsert, author: "office")
        }
        try ReplicaExchange.send(from: harness.central, to: department)
        for key in keys {
            try harness.central.write(.graduate(key, in: "AUTO"), fields: ["employer_name": .string("乙公司")], mode: .update, author: "office")
            try department.write(.graduate(key, in: "AUTO"), fields: ["employer_name": .string("丙公司")], mode: .update, author: "secretary")
        }
        try ReplicaExchange.sync(harness.central, department)
        return harness
    }

    static func forms(_ html: String) -> Int { html.components(separatedBy: "<form method=\"post\" action=\"/conflicts\"").count - 1 }

    @Test func eachPageListsFiftyEntriesWithTheirFormsAndLinksToTheOthers() async throws {
        let harness = try Self.harness(conflicts: 120)
        let all = try harness.central.conflicts()
        #expect(all.count == 120)
        let paged = try harness.central.conflicts(limit: 50, offset: 50)
        #expect(paged.total == 120 && paged.entries == Array(all[50..<100]), "a page of the store's journal is that slice of it")
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: harness.centralToken)
            let first = try await client.get("/conflicts", cookie: browser.cookie).text
            #expect(PageAssertions.card(first, caption: "待复核条目") == "120")
            #expect(Self.forms(first) == 50)
            #expect(first.contains("data-student=\"C001\"") && !first.contains("data-student=\"C051\""))
            #expect(first.contains("第 1/3 页") && first.contains("href=\"?page=2\""))
            let last = try await client.get("/conflicts?page=3", cookie: browser.cookie).text
            #expect(Self.forms(last) == 20)
            #expect(last.contains("data-student=\"C120\"") && !last.contains("data-student=\"C100\""))
            #expect(last.contains("href=\"?page=2\"") && !last.contains("?page=4"))
            let beyond = try await client.get("/conflicts?page=9", cookie: browser.cookie)
            #expect(beyond.status == .ok && Self.forms(beyond.text) == 0 && beyond.text.contains("href=\"?page=3\""))
            let csv = try await client.get("/conflicts?format=csv&table=conflicts", cookie: browser.cookie).text
            #expect(csv.split(whereSeparator: \.isNewline).count == 1 + 240, "every entry's two heads, whichever page")

            // A form on the second page still resolves its entry; the journal then has one entry fewer.
            let second = try await client.get("/conflicts?page=2", cookie: browser.cookie).text
            #expect(second.contains("data-student=\"C075\""))
            let response = try await client.act("/conflicts", [("department", "AUTO"), ("student", "C075"), ("field", "employer_name"),
                                                               ("value", "丁公司"), ("enter", "1")], as: browser)
            #expect(response.status == .seeOther, "\(response.text.components(separatedBy: "<main>").last?.prefix(600) ?? "")")
            let after = try await client.get("/conflicts", cookie: browser.cookie).text
            #expect(PageAssertions.card(after, caption: "待复核条目") == "119")
        }
        #expect(try PlacementReplica(store: harness.central).graduate("C075", department: "AUTO").fields["employer_name"] == .string("丁公司"))
    }

    @Test func aPageThatIsNotOneIsRefused() async throws {
        let harness = try Self.harness(conflicts: 3)
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: harness.centralToken)
            let response = try await client.get("/conflicts?page=0", cookie: browser.cookie)
            #expect(response.status == .badRequest)
            #expect(response.text.contains("页码"), "the refusal names what was wrong")
            let single = try await client.get("/conflicts", cookie: browser.cookie).text
            #expect(Self.forms(single) == 3 && !single.contains("第 1/1 页"), "one page needs no page links")
        }
    }
}
