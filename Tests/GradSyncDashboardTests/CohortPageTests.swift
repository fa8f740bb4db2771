import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// Report pages count one cohort (the latest held unless `?grad_year=` names another), compare it with another, and
/// page long lists. The fixture dataset is the 2025 cohort (ten graduates, eight placed); 2024 adds three MATH
/// graduates here (one placed) and 2023 holds 130 unplaced MATH graduates.
struct CohortPageTests {
    let harness: DashboardHarness

    init() throws {
        harness = try DashboardHarness()
        let central = harness.central
        for (key, code) in [("M01", "10"), ("M02", "70"), ("M03", "71")] {
            var fields: [String: FieldValue] = ["name": .string("某"), "grad_year": .integer(2024), "destination_code": .string(code)]
            if code == "10" { fields["employer_nature"] = .string("39") }
            try central.write(.graduate(key, in: "MATH"), fields: fields, mode: .create, author: "test")
        }
        for index in 0..<130 {
            try central.write(.graduate("L\(1000 + index)", in: "MATH"),
                              fields: ["name": .string("某"), "grad_year": .integer(2023), "destination_code": .string("70")],
                              mode: .create, author: "test")
        }
    }

    private func page(_ uri: String) async throws -> String {
        let result = Mutex("")
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let response = try await client.get(uri, cookie: cookie)
            #expect(response.status == .ok, "\(uri)")
            result.withLock { $0 = response.text }
        }
        return result.withLock { $0 }
    }

    @Test func overviewCountsTheLatestCohortUnlessAnotherIsNamed() async throws {
        let latest = try await page("/")
        #expect(PageAssertions.card(latest, caption: "毕业生数") == "10")
        #expect(PageAssertions.row(latest, first: "MATH").isEmpty)
        #expect(latest.contains("<option value=\"2025\" selected>2025届</option>"))
        let earlier = try await page("/?grad_year=2024")
        #expect(PageAssertions.card(earlier, caption: "毕业生数") == "3")
        #expect(PageAssertions.card(earlier, caption: "毕业去向落实率") == "33.33%")
        #expect(PageAssertions.rowCells(earlier, first: "MATH").prefix(5) == ["MATH", "MATH", "3", "1", "33.33%"])
        #expect(earlier.contains("<a href=\"?format=csv&amp;table=departments&amp;grad_year=2024\">下载 CSV</a>"))
        #expect(earlier.contains("<a href=\"/departments/MATH?grad_year=2024\">MATH</a>"), "the drill-down counts the same cohort")
    }

    @Test func overviewSetsAnotherCohortsRateBesideEachDepartment() async throws {
        let html = try await page("/?grad_year=2025&compare_with=2024")
        #expect(PageAssertions.card(html, caption: "2024届毕业去向落实率") == "33.33%")
        #expect(html.contains("<th>2024届毕业去向落实率</th>"))
        let total = PageAssertions.rowCells(html, first: "合计")
        #expect(total.suffix(2) == ["3", "33.33%"], "this year's total, then 2024's graduates and rate: \(total)")
    }

    @Test func everyReportPageTakesTheCohort() async throws {
        let destinations = try await page("/destinations?grad_year=2024")
        #expect(PageAssertions.rowCells(destinations, first: "合计").suffix(2) == ["3", "100.00%"])
        let grassroots = try await page("/grassroots?grad_year=2024")
        #expect(PageAssertions.rowCells(grassroots, first: "MATH").prefix(4) == ["MATH", "MATH", "3", "1"])
        let assistance = try await page("/assistance?grad_year=2024")
        #expect(PageAssertions.card(assistance, caption: "重点群体毕业生") == "0")
        #expect(PageAssertions.card(assistance, caption: "全校落实率") == "33.33%")
    }

    @Test func unplacedGraduatesArePagedAndTheDownloadHoldsThemAll() async throws {
        let first = try await page("/departments/MATH?grad_year=2023")
        #expect(PageAssertions.card(first, caption: "未落实") == "130")
        #expect(first.components(separatedBy: "<td>L1").count - 1 == 100)
        #expect(first.contains("第 1/2 页") && first.contains("<a href=\"?page=2&amp;grad_year=2023\">下一页</a>"))
        let second = try await page("/departments/MATH?grad_year=2023&page=2")
        #expect(second.components(separatedBy: "<td>L1").count - 1 == 30)
        #expect(PageAssertions.row(second, first: "L1129").contains("L1129"))
        let dated = try await page("/departments/MATH?grad_year=2023&as_of=2026-06-01")
        #expect(dated.contains("<a href=\"?page=2&amp;grad_year=2023&amp;as_of=2026-06-01\">下一页</a>"),
                "the next page counts as of the same day")
        let csv = try await page("/departments/MATH?grad_year=2023&format=csv&table=unplaced")
        #expect(csv.components(separatedBy: "\r\n").filter { $0.hasPrefix("L1") }.count == 130)
    }

    @Test func aDateShowsWhatTheNodeKnewAtTheEndOfThatDay() async throws {
        // Everything above was received on 2026-06-01 (Beijing); two days later one more 2025 graduate arrives.
        harness.replicas.clock.advance(by: 2 * 86_400_000)
        try harness.central.write(.graduate("N01", in: "MATH"),
                                  fields: ["name": .string("某"), "grad_year": .integer(2025), "destination_code": .string("10")],
                                  mode: .create, author: "test")
        #expect(PageAssertions.card(try await page("/"), caption: "毕业生数") == "11")
        let then = try await page("/?as_of=2026-06-01")
        #expect(PageAssertions.card(then, caption: "毕业生数") == "10")
        #expect(then.contains("<input type=\"date\" name=\"as_of\" value=\"2026-06-01\">"))
        #expect(then.contains("table=departments&amp;as_of=2026-06-01"), "the download counts the same day")
        let before = try await page("/?as_of=2026-05-31")
        #expect(PageAssertions.card(before, caption: "毕业生数") == "0")
    }

    @Test func aCohortOrDateThatIsNotOneIsRefusedNamingIt() async throws {
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            for (uri, named) in [("/?grad_year=abc", "毕业年份：&#39;abc&#39;"), ("/flows?compare_with=19", "对比年份：&#39;19&#39;"),
                                 ("/?as_of=2024-02-30", "截至日期：&#39;2024-02-30&#39;"), ("/departments/AUTO?page=0", "页码：&#39;0&#39;"),
                                 ("/?format=csv&table=departments&as_of=yesterday", "截至日期：'yesterday'")] {
                let response = try await client.get(uri, cookie: cookie)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.text.contains(named), "\(uri): \(response.text)")
            }
            // The selector's form sends empty values for "now" and "no comparison".
            #expect(try await client.get("/?grad_year=2025&compare_with=&as_of=", cookie: cookie).status == .ok)
        }
    }
}
