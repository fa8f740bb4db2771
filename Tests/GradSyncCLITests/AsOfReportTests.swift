import Foundation
import GradSyncCore
import GradSyncTesting
import Testing

/// Reports as of a cutoff date, counted from the central node's change log and receive times, against a scripted
/// history written on the node at chosen moments (each command's clock set with GRADSYNC_CLOCK_OFFSET_MS):
///
/// | moment (UTC) | Beijing | what |
/// |---|---|---|
/// | 08-20 02:00 | 08-20 10:00 | G1 (10), G2 (70), G3 (70), G4 (801) added |
/// | 08-25 02:00 | 08-25 10:00 | G6 (70) added |
/// | 08-26 02:00 | 08-26 10:00 | G6 deleted |
/// | 08-31 15:30 | 08-31 23:30 | G2 → 11 |
/// | 08-31 16:30 | 09-01 00:30 | G3 → 75, G4 deleted, G5 (75) added |
///
/// Counted by hand (all 2024): as of 08-25, five graduates, G1 and G4 placed; as of 08-31 (Beijing), four (G1–G4),
/// three placed (G1, G2 agreement and contract; G4 further study); now, four (G1, G2, G3, G5), all placed.
@Suite struct AsOfReportTests {
    let directory: TemporaryDirectory
    let home: String

    init() throws {
        directory = try TemporaryDirectory()
        home = directory.file("central")
        try #require(CommandRunner(home: home).run(["init", "--central"]).exitCode == 0)
        let base = ["--department", "AUTO", "name=某", "gender=1", "degree_level=本科", "grad_year=2024"]
        let employer = ["employer_name=福州智控科技有限公司", "employer_uscc=91350100M000100Y43", "employer_nature=39",
                        "employer_industry=34", "employer_region=350100"]
        try at("2024-08-20T01:00:00Z", ["department", "set", "AUTO", "自动化学院"])
        try at("2024-08-20T02:00:00Z", ["graduate", "add", "G1"] + base + ["destination_code=10"] + employer)
        try at("2024-08-20T02:00:00Z", ["graduate", "add", "G2"] + base + ["destination_code=70"])
        try at("2024-08-20T02:00:00Z", ["graduate", "add", "G3"] + base + ["destination_code=70"])
        try at("2024-08-20T02:00:00Z", ["graduate", "add", "G4"] + base + ["destination_code=801", "study_institution=厦门大学"])
        try at("2024-08-25T02:00:00Z", ["graduate", "add", "G6"] + base + ["destination_code=70"])
        try at("2024-08-26T02:00:00Z", ["graduate", "delete", "G6"])
        try at("2024-08-31T15:30:00Z", ["graduate", "set", "G2", "destination_code=11"] + employer)
        try at("2024-08-31T16:30:00Z", ["graduate", "set", "G3", "destination_code=75"], author: "李老师")
        try at("2024-08-31T16:30:00Z", ["graduate", "delete", "G4"], author: "李老师")
        try at("2024-08-31T16:30:00Z", ["graduate", "add", "G5"] + base + ["destination_code=75"], author: "李老师")
    }

    /// Runs a command with the clock set to `moment`.
    private func at(_ moment: String, _ arguments: [String], author: String = "王老师") throws {
        let target = try #require(ISO8601DateFormatter().date(from: moment)).timeIntervalSince1970 * 1000
        let offset = Int64(target - Date().timeIntervalSince1970 * 1000)
        let runner = CommandRunner(home: home, environment: ["GRADSYNC_CLOCK_OFFSET_MS": String(offset), "GRADSYNC_AUTHOR": author])
        let result = try runner.run(arguments)
        try #require(result.exitCode == 0, "\(arguments): \(result.stderr) \(result.stdout)")
    }

    private func run(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner(home: home, environment: ["GRADSYNC_AUTHOR": "办公室"]).run(arguments)
    }

    private func total(_ arguments: [String]) throws -> [String: Any] {
        let result = try run(["report", "placement", "--format", "json"] + arguments)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return object?["total"] as? [String: Any] ?? [:]
    }

    private func figures(_ total: [String: Any]) -> [Int?] {
        ["graduates", "placed", "agreement_contract", "further_study", "entrepreneurship"].map { total[$0] as? Int }
    }

    @Test func figuresAreWhatTheNodeKnewAtTheEndOfTheDayInBeijing() throws {
        #expect(figures(try total(["--as-of", "2024-08-19"])) == [0, 0, 0, 0, 0])
        #expect(figures(try total(["--as-of", "2024-08-25"])) == [5, 2, 1, 1, 0])
        #expect(figures(try total(["--as-of", "2024-08-31"])) == [4, 3, 2, 1, 0])
        #expect(figures(try total(["--as-of", "2024-09-01"])) == [4, 4, 2, 0, 2])
        #expect(figures(try total([])) == [4, 4, 2, 0, 2])
        let destinations = try run(["report", "destinations", "--as-of", "2024-08-31", "--format", "json"]).stdout
        #expect(destinations.contains("\"group\":\"11\"") && !destinations.contains("\"group\":\"75\""))
    }

    @Test func theSameFiguresWheneverAsked() throws {
        let before = try run(["report", "placement", "--as-of", "2024-08-31", "--format", "json"]).stdout
        try at("2024-09-02T02:00:00Z", ["graduate", "set", "G1", "phone=13800000001"])
        #expect(try run(["graduate", "add", "G7", "--department", "AUTO", "name=某", "gender=2", "degree_level=本科",
                         "grad_year=2024", "destination_code=70"]).exitCode == 0)
        #expect(try run(["report", "placement", "--as-of", "2024-08-31", "--format", "json"]).stdout == before)
    }

    @Test func aFrozenReportReadsBackByteForByteAndShowsWhatChangedSince() throws {
        let frozen = try run(["report", "freeze", "--as-of", "2024-08-31", "--label", "初次统计"])
        #expect(frozen.exitCode == 0, "\(frozen.stderr)")
        #expect(frozen.stdout == (try run(["report", "placement", "--as-of", "2024-08-31", "--format", "json"]).stdout))
        try at("2024-09-02T02:00:00Z", ["graduate", "set", "G1", "phone=13800000001"], author: "赵老师")
        let readBack = try run(["report", "published", "初次统计"])
        #expect(readBack.exitCode == 0)
        #expect(Data(readBack.stdout.utf8) == Data(frozen.stdout.utf8))
        #expect(try run(["report", "published"]).stdout.contains("初次统计\tas of 2024-08-31"))

        let since = try run(["report", "published", "初次统计", "--changes"]).stdout
        let lines = since.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("G3") && $0.contains("毕业去向代码") && $0.contains("75") && $0.contains("李老师") })
        #expect(lines.contains { $0.contains("G4") && $0.contains("删除") && $0.contains("李老师") })
        #expect(lines.contains { $0.contains("G5") && $0.contains("李老师") })
        #expect(lines.contains { $0.contains("G1") && $0.contains("赵老师") && !$0.contains("13800000001") },
                "the phone is personal: the change is listed, its value hidden")
        #expect(!lines.contains { $0.contains("G2") }, "G2 changed before the cutoff")

        let again = try run(["report", "freeze", "--as-of", "2024-09-01", "--label", "初次统计"])
        #expect(again.exitCode == 5 && again.stderr.contains("初次统计"))
        #expect(try run(["report", "published", "初次统计"]).stdout == frozen.stdout, "the first publication is kept")
        #expect(try run(["report", "freeze", "--label", "年终统计"]).exitCode == 2)
        #expect(try run(["report", "placement", "--as-of", "2024-13-01"]).exitCode == 2)
        #expect(try run(["report", "published", "无此报告"]).exitCode == 5)
    }
}
