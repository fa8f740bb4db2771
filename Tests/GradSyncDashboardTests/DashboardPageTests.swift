import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Each page rendered on Fixtures/dashboard_dataset.json. The figures were counted by hand from the dataset:
///
/// AUTO (6): A01 10, A02 11, A03 502 (nature 55), A04 801 placed; A05 70, A06 none unplaced → 4/6 = 66.67%.
/// CS (4): C01 12, C02 75, C03 85, C04 512 → 4/4 = 100.00%. University: 8/10 = 80.00%; parts over 10:
/// agreement and contract 4 (10, 11, 502, 512) 40.00%, flexible 1 (12) 10.00%, entrepreneurship 1 (75) 10.00%,
/// further study 2 (801, 85) 20.00%. Employed (10, 11, 12, 50x, 51x): A01 A02 A03 C01 C04 = 5.
struct DashboardPageTests {
    private func page(_ uri: String, harness: DashboardHarness? = nil) async throws -> String {
        let harness = try harness ?? DashboardHarness()
        let result = TextBox()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let response = try await client.get(uri, cookie: cookie)
            #expect(response.status == .ok, "\(uri)")
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            result.set(response.text)
        }
        return result.value
    }

    @Test func overviewShowsTheUniversityRateItsPartsAndEachDepartment() async throws {
        let html = try await page("/")
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(PageAssertions.card(html, caption: "毕业生数") == "10")
        #expect(PageAssertions.card(html, caption: "已落实") == "8")
        #expect(PageAssertions.card(html, caption: "毕业去向落实率") == "80.00%")
        #expect(PageAssertions.card(html, caption: "协议和合同就业率") == "40.00%")
        #expect(PageAssertions.card(html, caption: "灵活就业率") == "10.00%")
        #expect(PageAssertions.card(html, caption: "自主创业率") == "10.00%")
        #expect(PageAssertions.card(html, caption: "升学率") == "20.00%")
        // 学院, 名称, 毕业生数, 已落实, 落实率, then each part's count and rate (协议和合同, 灵活, 创业, 升学), 未落实
        #expect(PageAssertions.rowCells(html, first: "AUTO") == ["AUTO", "自动化学院", "6", "4", "66.67%", "3", "50.00%", "0", "0.00%",
                                                                 "0", "0.00%", "1", "16.67%", "2"])
        #expect(PageAssertions.rowCells(html, first: "CS") == ["CS", "计算机学院", "4", "4", "100.00%", "1", "25.00%", "1", "25.00%",
                                                               "1", "25.00%", "1", "25.00%", "0"])
        #expect(PageAssertions.rowCells(html, first: "合计") == ["合计", "合计", "10", "8", "80.00%", "4", "40.00%", "1", "10.00%",
                                                               "1", "10.00%", "2", "20.00%", "2"])
        #expect(html.contains("<a href=\"/departments/AUTO\">AUTO</a>"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains(">66.67%</text>") && html.contains(">全校 80.00%</text>"))
        #expect(!html.contains("张一") && !html.contains("钱六"), "names appear only on the department page")
    }

    @Test func departmentPageShowsMajorsAndItsUnplacedGraduatesByName() async throws {
        let html = try await page("/departments/AUTO")
        #expect(html.contains("<h1>自动化学院（AUTO）</h1>"))
        #expect(PageAssertions.card(html, caption: "毕业去向落实率") == "66.67%")
        #expect(PageAssertions.rowCells(html, first: "080801").prefix(5) == ["080801", "自动化", "4", "4", "100.00%"])
        #expect(PageAssertions.rowCells(html, first: "080803").prefix(5) == ["080803", "机器人工程", "2", "0", "0.00%"])
        #expect(PageAssertions.rowCells(html, first: "硕士").prefix(5) == ["硕士", "硕士", "1", "1", "100.00%"])
        // 学号, 姓名, 学院, 专业, 学历, 代码, 去向, 手机号
        #expect(PageAssertions.rowCells(html, first: "A06") == ["A06", "钱六", "AUTO", "机器人工程", "本科", "", "未填写", ""])
        #expect(PageAssertions.rowCells(html, first: "A05").contains("13800000005"))
        #expect(!html.contains("张一"), "placed graduates are not listed")
        #expect(!html.contains("孙七"), "another department's graduates never appear")
    }

    @Test func unknownDepartmentIsNotFound() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            #expect(try await client.get("/departments/NOPE", cookie: cookie).status == .notFound)
            #expect(try await client.get("/departments/%3Cb%3E", cookie: cookie).status == .notFound)
        }
    }

    @Test func destinationsPageCountsEachCode() async throws {
        let html = try await page("/destinations")
        // 代码, 名称, 类别, 计入落实, 构成, 人数, 占比
        #expect(PageAssertions.rowCells(html, first: "502") == ["502", "三支一扶", "50", "是", "协议和合同就业", "1", "10.00%"])
        #expect(PageAssertions.rowCells(html, first: "70") == ["70", "待就业", "70", "否", "", "1", "10.00%"])
        #expect(PageAssertions.rowCells(html, first: "未填写") == ["未填写", "未填写", "", "否", "", "1", "10.00%"])
        #expect(PageAssertions.rowCells(html, first: "合计").suffix(2) == ["10", "100.00%"])
    }

    @Test func flowsPageSplitsRegionsAndIndustries() async throws {
        let html = try await page("/flows")
        // In province (35): A01, A03, C04; back to origin: A02 (北京 → 北京); out of province: C01 (深圳, origin 福建).
        #expect(PageAssertions.rowCells(html, first: "省内就业") == ["省内就业", "3", "60.00%"])
        #expect(PageAssertions.rowCells(html, first: "回生源地就业") == ["回生源地就业", "1", "20.00%"])
        #expect(PageAssertions.rowCells(html, first: "省外就业") == ["省外就业", "1", "20.00%"])
        #expect(!html.contains("in_province"), "region groups are shown by their Chinese names")
        // Industry 34: A01, C01; 45: A03, C04; 22: A02.
        #expect(PageAssertions.rowCells(html, first: "34") == ["34", "信息传输、软件和信息技术服务业", "2", "40.00%"])
        #expect(PageAssertions.rowCells(html, first: "22") == ["22", "制造业", "1", "20.00%"])
        // Nature 39: A01, C01; 55: A03; 31: A02; 10: C04.
        #expect(PageAssertions.rowCells(html, first: "55") == ["55", "农村建制村", "1", "20.00%"])
    }

    @Test func flowsPageSaysWhenTheUniversityProvinceIsNotSet() async throws {
        let html = try await page("/flows", harness: try DashboardHarness(universityProvince: nil))
        #expect(html.contains("未设置学校所在省份"))
        #expect(PageAssertions.row(html, first: "省内就业").isEmpty)
    }

    @Test func grassrootsPageSharesAreOverEmployedGraduates() async throws {
        let html = try await page("/grassroots")
        // Projects: A03 (502), C04 (512) = 2/5; village and community: A03 (55) = 1/5; either: 2/5.
        #expect(PageAssertions.card(html, caption: "基层项目占比") == "40.00%")
        #expect(PageAssertions.card(html, caption: "村和社区占比") == "20.00%")
        #expect(PageAssertions.card(html, caption: "基层就业占比") == "40.00%")
        // AUTO employed A01 A02 A03; CS employed C01 C04.
        #expect(PageAssertions.rowCells(html, first: "AUTO") == ["AUTO", "自动化学院", "6", "3", "1", "33.33%", "1", "33.33%", "1", "33.33%"])
        #expect(PageAssertions.rowCells(html, first: "CS") == ["CS", "计算机学院", "4", "2", "1", "50.00%", "0", "0.00%", "1", "50.00%"])
    }

    @Test func assistancePageShowsComplianceWithoutKeyGroupCategories() async throws {
        let html = try await page("/assistance")
        // Key group: A02 (mentor, 2 talks, 5 recommendations, placed) complies; A05 (mentor, 1 talk, 70) does not.
        #expect(PageAssertions.card(html, caption: "重点群体毕业生") == "2")
        #expect(PageAssertions.card(html, caption: "帮扶达标率") == "50.00%")
        #expect(PageAssertions.card(html, caption: "重点群体落实率") == "50.00%")
        #expect(PageAssertions.card(html, caption: "全校落实率") == "80.00%")
        #expect(PageAssertions.rowCells(html, first: "谈心谈话 ≥ 2 次") == ["谈心谈话 ≥ 2 次", "1", "50.00%"])
        #expect(PageAssertions.rowCells(html, first: "已配帮扶导师") == ["已配帮扶导师", "2", "100.00%"])
        // 学号, 学院, 导师, 谈话, 推荐, 学时, 达标, 未达标项, 已落实
        #expect(PageAssertions.rowCells(html, first: "A02") == ["A02", "AUTO", "是", "2", "5", "0", "是", "", "是"])
        #expect(PageAssertions.rowCells(html, first: "A05").contains("谈心谈话 1 次（应至少 2 次）；岗位推荐 0 次（应至少 5 次）"))
        #expect(PageAssertions.row(html, first: "A05").hasPrefix(" class=\"flagged\""))
        #expect(!html.contains("低保家庭") && !html.contains("脱贫家庭"), "key-group categories are sensitive")
        #expect(!html.contains("陈老师"), "the mentor's name is personal")
    }

    @Test func conflictsPageListsHeadsEscapedAndHidesPersonalValues() async throws {
        let harness = try DashboardHarness()
        let department = try harness.replicas.department("auto", "AUTO")
        try await DashboardDataset.addConflictsAndSyncHealth(central: harness.central, department: department)
        let html = try await page("/conflicts", harness: harness)
        #expect(PageAssertions.card(html, caption: "待复核条目") == "2")
        #expect(html.contains("<td>甲&lt;公司&gt;&amp;&quot;乙&quot;</td>"))
        #expect(html.contains("<td>丙公司</td>"))
        #expect(html.contains("（个人信息，已隐藏）"))
        #expect(!html.contains("钱陆") && !html.contains("钱六一"), "a conflicting name is personal data")
        #expect(!html.contains("<公司>"))
    }

    @Test func syncHealthPageFlagsClockOffsetsBeyondTheDriftAndErrors() async throws {
        let harness = try DashboardHarness()
        let department = try harness.replicas.department("auto", "AUTO")
        try await DashboardDataset.addConflictsAndSyncHealth(central: harness.central, department: department)
        let html = try await page("/sync", harness: harness)
        let bad = PageAssertions.row(html, first: "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e")
        #expect(bad.hasPrefix(" class=\"flagged\""))
        // 副本, 学院, 最近连接, 最近同步完成, 尚未收到的变更, 时钟偏差, 时钟异常, 最近错误, 错误时间, 副本密钥
        let cells = PageAssertions.cells(bad)
        #expect(cells.count == 10)
        #expect(cells[9] == "未验证")
        #expect(cells[1] == "计算机学院" && cells[3] == "从未完成")
        #expect(Array(cells[4...7]) == ["1,234", "快 15.0 分钟", "是", "replica_fork"])
        #expect(cells[2] == "2026-06-01 08:00:00", "Beijing time of the harness clock, 2026-06-01T00:00Z")
        let good = PageAssertions.row(html, first: department.replicaID.hex)
        #expect(!good.hasPrefix(" class=\"flagged\""))
        #expect(Array(PageAssertions.cells(good)[4...7]) == ["0", "快 0.0 分钟", "否", ""])
        #expect(PageAssertions.cells(good)[9] == "未验证")
        #expect(PageAssertions.card(html, caption: "时钟异常") == "1")
        #expect(PageAssertions.card(html, caption: "有未收到变更") == "1")
    }

    @Test func syncHealthPageShowsTheKeyAReplicaProved() async throws {
        let harness = try DashboardHarness()
        let department = try harness.replicas.department("auto", "AUTO")
        try await DashboardDataset.addConflictsAndSyncHealth(central: harness.central, department: department)
        let token = try harness.central.tokens.issue(scope: .department(try .department("AUTO")), label: "AUTO")
        _ = try await harness.central.tokens.claimReplicaKey(department.replicaID.hex, publicKey: department.key.publicKeyHex,
                                                             token: token.info, bind: true)
        let html = try await page("/sync", harness: harness)
        #expect(PageAssertions.cells(PageAssertions.row(html, first: department.replicaID.hex))[9] == "已验证 \(department.key.fingerprint)")
        #expect(PageAssertions.cells(PageAssertions.row(html, first: "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e"))[9] == "未验证")
    }

    @Test func everyPageCarriesAStrictContentSecurityPolicyAndLoadsNothingFromOutside() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            for uri in SignInTests.pages {
                let response = try await client.get(uri, cookie: cookie)
                let policy = try #require(response.headers[HTTPField.Name("Content-Security-Policy")!])
                #expect(policy.contains("default-src 'none'"))
                #expect(response.headers[.cacheControl] == "no-store")
                let html = response.text
                #expect(!html.contains("<script"), "\(uri)")
                #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url("), "\(uri)")
            }
        }
    }
}
