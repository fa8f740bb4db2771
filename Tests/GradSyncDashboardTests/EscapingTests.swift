import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// Names, department names and values holding markup are shown as text, never as markup.
struct EscapingTests {
    @Test func scriptInAGraduatesNameIsShownAsText() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let html = try await client.get("/departments/AUTO", cookie: cookie).text
            #expect(html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
            #expect(!html.contains("<script"))
        }
    }

    @Test func markupInADepartmentNameIsEscapedInTablesChartsAndTitles() async throws {
        let harness = try DashboardHarness()
        let name = "<b>经济&\"管理\"</b>'"
        try harness.central.write(RecordID(scope: .shared, collection: "department", key: "ECON"), fields: ["name": .string(name)],
                                  mode: .create, author: "test")
        try harness.central.write(.graduate("E01", in: "ECON"), fields: ["name": .string("甲"), "destination_code": .string("70"), "grad_year": .integer(2025)],
                                  mode: .create, author: "test")
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            for uri in ["/", "/grassroots", "/departments/ECON"] {
                let html = try await client.get(uri, cookie: cookie).text
                #expect(html.contains("&lt;b&gt;经济&amp;&quot;管理&quot;&lt;/b&gt;&#39;"), "\(uri)")
                #expect(!html.contains("<b>"), "\(uri)")
            }
        }
    }
}
