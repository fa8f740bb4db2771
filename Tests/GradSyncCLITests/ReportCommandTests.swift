import Foundation
import GradSyncCore
import Testing

/// Reports on Fixtures/report_roster.csv, six graduates counted by hand:
///
/// | 学号 | 学院 | 性别 | 去向 | counts as |
/// |---|---|---|---|---|
/// | A001 | AUTO | 1 | 10 (employer in 3502) | agreement_contract |
/// | A002 | AUTO | 2 | 801 | further_study |
/// | A003 | AUTO | 1 | 70, key group 脱贫家庭 | unplaced |
/// | C001 | CS | 2 | 75 | entrepreneurship |
/// | C002 | CS | 1 | 12 (employer in 3501) | flexible |
/// | C003 | CS | 1 | none | unplaced |
@Suite struct ReportCommandTests {
    let central: CLIReplica

    init() throws {
        central = try CLIReplica.reportCentral()
    }

    /// A report's JSON, read with Foundation since rates are fractions.
    private func report(_ arguments: [String]) throws -> ReportJSON {
        let text = try central.succeed(["report"] + arguments + ["--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return ReportJSON(object: try #require(object as? [String: Any]))
    }

    private func figures(_ row: [String: Any]?, _ keys: [String]) -> [Int?] {
        keys.map { row?[$0] as? Int }
    }

    @Test func placementByDepartmentHasTheContractShapeAndHandCountedFigures() throws {
        let json = try report(["placement", "--by", "department"])
        #expect(Set(json.object.keys) == ["report", "by", "rows", "total"])
        #expect(json.object["report"] as? String == "placement")
        #expect(json.object["by"] as? String == "department")
        let rows = json.rows
        #expect(json.groups == ["AUTO", "CS"])
        let keys = ["graduates", "placed", "agreement_contract", "flexible", "entrepreneurship", "further_study", "unplaced"]
        #expect(figures(rows[0], keys) == [3, 2, 1, 0, 0, 1, 1])
        #expect(figures(rows[1], keys) == [3, 2, 0, 1, 1, 0, 1])
        #expect(figures(json.total, keys) == [6, 4, 1, 1, 1, 1, 2])
        #expect(rows[0]["label"] as? String == "自动化学院")
        #expect(json.total["placement_rate"] as? Double == 0.6667)
        #expect(rows[0]["placement_rate"] as? Double == 0.6667)
    }

    @Test func placementByGenderAndKeyGroup() throws {
        let gender = try report(["placement", "--by", "gender"])
        #expect(gender.groups == ["1", "2"])
        #expect(figures(gender.rows[0], ["graduates", "placed"]) == [4, 2])
        #expect(figures(gender.rows[1], ["graduates", "placed"]) == [2, 2])
        #expect(gender.rows.map { $0["placement_rate"] as? Double } == [0.5, 1.0])
        let keyGroup = try report(["placement", "--by", "key_group"])
        #expect(keyGroup.groups == ["脱贫家庭"])
        #expect(figures(keyGroup.total, ["graduates", "placed"]) == [1, 0])
    }

    @Test func destinationsFlowsUnplacedAndQualityCountTheSameGraduates() throws {
        let destinations = try report(["destinations"])
        #expect(destinations.groups == ["10", "12", "70", "75", "801", "未填写"])
        #expect(destinations.total["graduates"] as? Int == 6)
        let region = try report(["flows", "--by", "region", "--province", "35"])
        #expect(region.groups == ["in_province"])
        #expect(region.total["graduates"] as? Int == 2)
        let nature = try report(["flows", "--by", "nature"])
        #expect(nature.groups == ["31", "39"])
        let unplaced = try report(["unplaced"])
        #expect(unplaced.groups == ["A003", "C003"])
        #expect(!(try central.succeed(["report", "unplaced"])).contains("三号"))
        let quality = try report(["quality"])
        #expect(quality.groups == ["CS", "合计"])
        #expect(try central.run(["report", "flows", "--by", "region"]).exitCode == 2)
    }

    @Test func assistanceCountsLedgerEntriesAddedOnTheCommandLine() throws {
        try central.succeed(["ledger", "add", "A003", "--kind", "mentor", "mentor=王老师", "date=2025-03-01"])
        for day in 1...2 {
            try central.succeed(["ledger", "add", "A003", "--kind", "talk", "mentor=王老师", "summary=求职沟通", "date=2025-03-0\(day)"])
        }
        for day in 1...5 {
            try central.succeed(["ledger", "add", "A003", "--kind", "recommendation", "employer=甲公司", "post=工程师",
                                 "outcome=已面试", "date=2025-04-0\(day)"])
        }
        let json = try report(["assistance"])
        let row = try #require(json.rows.first)
        #expect(row["group"] as? String == "A003")
        #expect(row["mentor_assigned"] as? Bool == true)
        #expect(figures(row, ["talks", "recommendations"]) == [2, 5])
        #expect(row["compliant"] as? Bool == true)
        #expect(figures(json.total, ["graduates", "compliant", "placed", "university_graduates"]) == [1, 1, 0, 6])
        let entries = try CLIReplica.json(try central.succeed(["ledger", "list", "A003", "--json"])).items
        #expect(entries.count == 8)
        #expect(Set(entries.compactMap { $0["key"]?.stringValue }).count == 8)
    }

    @Test func ledgerEntryMissingItsKindsFieldsIsRefused() throws {
        let before = try central.changeCount()
        let refused = try central.run(["ledger", "add", "A003", "--kind", "recommendation", "employer=甲公司"])
        #expect(refused.exitCode == 5)
        #expect(refused.stderr.contains("推荐岗位：岗位推荐记录必填"))
        #expect(try central.run(["ledger", "add", "Z999", "--kind", "mentor", "mentor=王老师"]).exitCode == 5)
        #expect(try central.run(["ledger", "add", "A003", "--kind", "party", "mentor=王老师"]).exitCode == 2)
        #expect(try central.changeCount() == before)
    }

    @Test func csvAndTableFormatsUseChineseTitles() throws {
        let csv = try central.succeed(["report", "placement", "--by", "department", "--format", "csv"])
        #expect(csv.hasPrefix("\u{FEFF}学院,名称,毕业生数"))
        let table = try central.succeed(["report", "placement", "--by", "department"])
        #expect(table.contains("毕业去向落实率"))
        #expect(table.contains("66.67%"))
    }
}

/// A report's JSON object as Foundation reads it.
struct ReportJSON {
    let object: [String: Any]

    var rows: [[String: Any]] { object["rows"] as? [[String: Any]] ?? [] }
    var total: [String: Any] { object["total"] as? [String: Any] ?? [:] }
    var groups: [String] { rows.map { $0["group"] as? String ?? "" } }
}
