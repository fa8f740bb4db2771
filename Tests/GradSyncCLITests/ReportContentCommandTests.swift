import Foundation
import GradSyncCore
import GradSyncTesting
import Testing

/// What the reports show through the built binary: part rates, grassroots shares, the assistance report's mentor,
/// failing criteria and rates, Chinese names in tables, degree levels in order, cohort and unplaced filters on
/// `graduate list`, and `status` in graduates.
///
/// On the report roster (Fixtures/report_roster.csv, cohort 2025, hand-counted in ReportCommandTests) plus
/// graduates imported here:
///
/// | 学号 | 学院 | 届 | 去向 | 单位性质 |
/// |---|---|---|---|---|
/// | D001 | AUTO | 2025 | 502 三支一扶 | 29 |
/// | D002 | AUTO | 2025 | 10 | 55 农村建制村 |
/// | D003 | AUTO | 2025 | 701 | |
/// | D004 | CS | 2024 | 71 | |
/// | D005 | CS | 2024 | 72 | |
///
/// Reports count the latest cohort (2025: nine graduates, six placed) unless given another.
@Suite struct ReportContentCommandTests {
    let central: CLIReplica

    init() throws {
        central = try CLIReplica.reportCentral()
        let roster = central.directory.file("cohort2024.csv")
        try """
            学号,姓名,性别,学院,学历层次,毕业年份,毕业去向类别代码,单位名称,统一社会信用代码,单位性质代码,单位行业代码,单位所在地代码
            D001,七号,1,AUTO,本科,2025,502,某县人民政府,91350200MA2Y00001N,29,45,350200
            D002,八号,2,AUTO,本科,2025,10,某村村民委员会,91350100M000100Y43,55,45,350100
            D003,九号,1,AUTO,本科,2025,701,,,,,
            D004,十号,2,CS,本科,2024,71,,,,,
            D005,十一号,1,CS,本科,2024,72,,,,,

            """.write(toFile: roster, atomically: true, encoding: .utf8)
        try central.succeed(["import", roster])
    }

    private func report(_ arguments: [String]) throws -> ReportJSON {
        let text = try central.succeed(["report"] + arguments + ["--format", "json"])
        return ReportJSON(object: try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]))
    }

    private func listed(_ arguments: [String]) throws -> [String] {
        let list = try CLIReplica.json(try central.succeed(["graduate", "list", "--json"] + arguments))
        return list.items.compactMap { $0["student_no"]?.stringValue }
    }

    @Test func placementPartsAreRatesOverAllGraduates() throws {
        // 9 graduates of 2025: agreement and contract A001, D001, D002; flexible C002; entrepreneurship C001; further study A002.
        let json = try report(["placement", "--by", "department"])
        #expect(json.total["agreement_contract"] as? Int == 3)
        #expect(json.total["agreement_contract_rate"] as? Double == 0.3333)
        #expect(json.total["flexible_rate"] as? Double == 0.1111)
        #expect(json.total["entrepreneurship_rate"] as? Double == 0.1111)
        #expect(json.total["further_study_rate"] as? Double == 0.1111)
        let table = try central.succeed(["report", "placement", "--by", "department"])
        for title in ["协议和合同就业率", "灵活就业率", "自主创业率", "升学率"] { #expect(table.contains(title)) }
        #expect(table.contains("33.33%"))
    }

    @Test func degreeLevelsAreListedFromTheHighest() throws {
        #expect(try report(["placement", "--by", "degree_level"]).groups == ["博士", "硕士", "本科"])
    }

    @Test func grassrootsReportIsOnTheCommandLine() throws {
        // Employed: AUTO A001 (31), D001 (502), D002 (10, nature 55); CS C002 (39).
        let json = try report(["grassroots"])
        #expect(json.object["report"] as? String == "grassroots")
        #expect(json.groups == ["AUTO", "CS"])
        let auto = json.rows[0]
        #expect([auto["employed"], auto["projects"], auto["village_community"], auto["grassroots"]].map { $0 as? Int } == [3, 1, 1, 2])
        #expect(auto["grassroots_share"] as? Double == 0.6667)
        #expect(json.total["employed"] as? Int == 4)
        #expect(json.total["grassroots_share"] as? Double == 0.5)
        #expect(try central.succeed(["report", "grassroots"]).contains("基层就业占比"))
    }

    @Test func assistanceShowsMentorFailingCriterionAndBothRates() throws {
        try central.succeed(["ledger", "add", "A003", "--kind", "mentor", "mentor=王老师", "date=2025-03-01"])
        try central.succeed(["ledger", "add", "A003", "--kind", "talk", "mentor=王老师", "summary=求职沟通", "date=2025-03-02"])
        let json = try report(["assistance"])
        let row = try #require(json.rows.first)
        #expect(row["mentor"] as? String == "王老师")
        #expect(row["failing"] as? String == "谈心谈话 1 次（应至少 2 次）；岗位推荐 0 次（应至少 5 次）")
        // The total counts talks under talks (one), not graduates who met the threshold (none).
        #expect(json.total["talks"] as? Int == 1)
        #expect(json.total["talks_met"] as? Int == 0)
        #expect(json.total["placement_rate"] as? Double == 0)
        #expect(json.total["university_placement_rate"] as? Double == 0.6667)
        let table = try central.succeed(["report", "assistance"])
        #expect(table.contains("王老师") && table.contains("未达标项") && table.contains("谈心谈话 1 次"))
        let totalLine = try #require(table.split(separator: "\n").last)
        #expect(totalLine.hasSuffix("0.00%      66.67%"), "key-group rate beside the university's: \(totalLine)")
    }

    @Test func tablesUseChineseNamesAndJSONMachineNames() throws {
        let destinations = try central.succeed(["report", "destinations"])
        #expect(destinations.contains("协议和合同就业") && !destinations.contains("agreement_contract"))
        let quality = try central.succeed(["report", "quality", "--format", "csv"])
        #expect(quality.contains("灵活就业和自主创业占比偏高") && !quality.contains("flagged_share"))
        let flows = try central.succeed(["report", "flows", "--by", "region", "--province", "35"])
        #expect(flows.contains("省内就业") && !flows.contains("in_province"))
        #expect(try report(["quality"]).rows.first?["check"] as? String == "flagged_share")
    }

    @Test func graduateListFiltersByCohortAndUnplaced() throws {
        #expect(try listed(["--where", "destination_code=70"]) == ["A003"])
        #expect(try listed(["--unplaced"]) == ["A003", "D003", "C003", "D004", "D005"])
        #expect(try listed(["--grad-year", "2024"]) == ["D004", "D005"])
        #expect(try listed(["--grad-year", "2025", "--unplaced"]) == ["A003", "D003", "C003"])
        #expect(try listed(["--grad-year", "2023"]).isEmpty)
        #expect(try central.run(["graduate", "list", "--grad-year", "二〇二四"]).exitCode == 2)
    }

    @Test func reportsCountOneCohortTheLatestUnlessGiven() throws {
        #expect(try report(["placement"]).total["graduates"] as? Int == 9)
        let earlier = try report(["placement", "--grad-year", "2024"])
        #expect(earlier.groups == ["CS"])
        #expect([earlier.total["graduates"], earlier.total["placed"]].map { $0 as? Int } == [2, 0])
        #expect(try report(["destinations", "--grad-year", "2024"]).groups == ["71", "72"])
        #expect(try report(["unplaced"]).groups == ["A003", "D003", "C003"])
        #expect(try report(["unplaced", "--grad-year", "2024"]).groups == ["D004", "D005"])
        #expect(try report(["placement", "--grad-year", "2023"]).total["graduates"] as? Int == 0)
    }

    @Test func placementComparesACohortWithAnother() throws {
        let json = try report(["placement", "--compare-with", "2024"])
        #expect(json.groups == ["AUTO", "CS"])
        #expect(json.rows[0]["previous_graduates"] is NSNull, "AUTO had no 2024 graduates")
        #expect(json.rows[1]["previous_graduates"] as? Int == 2)
        #expect(json.rows[1]["previous_placement_rate"] as? Double == 0)
        #expect(json.rows[1]["placement_rate"] as? Double == 0.6667)
        #expect(json.total["previous_graduates"] as? Int == 2)
        let table = try central.succeed(["report", "placement", "--compare-with", "2024"])
        #expect(table.contains("2024届毕业生数") && table.contains("2024届毕业去向落实率"))
    }
}

/// `gradsync status` counts graduates as well as changes.
@Suite struct StatusGraduatesTests {
    private func status(_ runner: CommandRunner) throws -> [String: Any] {
        let text = try runner.run(["status", "--json"]).stdout
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func statusCountsGraduatesAndThoseWithUnsyncedEdits() throws {
        let directory = try TemporaryDirectory()
        let central = CommandRunner(home: directory.file("central"))
        #expect(try central.run(["init", "--central"]).exitCode == 0)
        let token = try central.run(["token", "issue", "--department", "AUTO"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let node = try LiveNode(home: central.home)
        let auto = CommandRunner(home: directory.file("auto"))
        #expect(try auto.run(["init", "--department", "AUTO"]).exitCode == 0)
        #expect(try auto.run(["remote", "set", node.url, "--token", token]).exitCode == 0)
        for number in ["2021010101", "2021010102", "2021010103"] {
            #expect(try auto.run(["graduate", "add", number] + unplacedFields).exitCode == 0)
        }
        #expect(try auto.run(["graduate", "delete", "2021010103"]).exitCode == 0)
        var shown = try status(auto)
        #expect(shown["graduates"] as? Int == 2)
        #expect(shown["pending_graduates"] as? Int == 3, "a deletion not yet synced is an unsynced edit too")
        #expect((shown["pending_changes"] as? Int ?? 0) > 3)

        #expect(try auto.run(["sync"]).exitCode == 0)
        #expect(try status(auto)["pending_graduates"] as? Int == 0)
        for phone in ["13800000001", "13800000002", "13800000003"] {
            #expect(try auto.run(["graduate", "set", "2021010102", "phone=\(phone)"]).exitCode == 0)
        }
        shown = try status(auto)
        #expect(shown["pending_changes"] as? Int == 3)
        #expect(shown["pending_graduates"] as? Int == 1, "three edits of one graduate are one graduate not yet synced")
        let text = try auto.run(["status"]).stdout
        #expect(text.contains("graduates      2") && text.contains("not yet synced 1 graduates (3 changes)"))
        #expect(try status(central)["graduates"] as? Int == 2)
    }
}
