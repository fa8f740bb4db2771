import Foundation
import GradSyncTesting
import Testing

/// Replicas whose wall clocks are wrong keep their edits, never wedge a stream, are told on every sync, and converge.
@Suite(.serialized) struct ClockFaultTests {
    static let eightHours = 8 * 3_600_000

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func dualBootClockEightHoursAheadIsWarnedAndLaterEditsStillWin() throws {
        let directory = try TemporaryDirectory()
        let central = CommandRunner(home: directory.file("central"))
        #expect(try central.run(["init", "--central"]).exitCode == 0)
        let token = try central.run(["token", "issue", "--department", "AUTO"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let node = try LiveNode(home: central.home)
        let office = CommandRunner(home: directory.file("office"))
        let dualBoot = CommandRunner(home: directory.file("dualboot"), environment: ["GRADSYNC_CLOCK_OFFSET_MS": String(Self.eightHours)])
        for runner in [office, dualBoot] {
            #expect(try runner.run(["init", "--department", "AUTO"]).exitCode == 0)
            #expect(try runner.run(["remote", "set", node.url, "--token", token]).exitCode == 0)
        }
        #expect(try dualBoot.run(["graduate", "add", "2020001", "name=张三", "gender=1", "degree_level=本科", "grad_year=2024"]).exitCode == 0)
        #expect(try dualBoot.run(["graduate", "set", "2020001", "phone=13800000001"]).exitCode == 0)

        // The wrong clock is told on every sync; the sync still succeeds.
        for _ in 0..<2 {
            let result = try dualBoot.run(["sync", "--json"])
            #expect(result.exitCode == 0)
            #expect((json(result.stdout)["warnings"] as? [String]) == ["clock_suspect"])
            #expect(result.stderr.contains("ahead"))
        }
        // The node lists the origin that stamps too far ahead.
        let status = json(try central.run(["status", "--json"]).stdout)
        let suspects = status["clock_suspects"] as? [[String: Any]] ?? []
        #expect(suspects.count == 1)
        #expect((suspects.first?["ahead_ms"] as? Int ?? 0) >= Self.eightHours - 60_000)

        // A replica with a right clock edits after seeing the far-ahead value: its edit wins, since it names
        // that value in its bases; stamps only order concurrent edits.
        #expect(try office.run(["sync"]).exitCode == 0)
        #expect(try office.run(["graduate", "set", "2020001", "phone=13900000002"]).exitCode == 0)
        #expect(try office.run(["sync"]).exitCode == 0)
        #expect(try dualBoot.run(["sync", "--json"]).exitCode == 0)
        for runner in [office, dualBoot, central] {
            let shown = json(try runner.run(["graduate", "show", "2020001", "--json", "--department", "AUTO"]).stdout)
            #expect("\(shown)".contains("13900000002"), "\(runner.home) shows \(shown)")
        }
        let exports = try [office, dualBoot].map { try $0.run(["export", "--format", "json"]).stdout }
        #expect(exports[0] == exports[1])
        #expect(json(try office.run(["conflicts", "--json"]).stdout)["count"] as? Int == 0, "a later edit that saw the value is no conflict")
    }

    @Test func clockSteppingBackKeepsEditsInOrder() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("auto")
        let now = CommandRunner(home: home)
        let behind = CommandRunner(home: home, environment: ["GRADSYNC_CLOCK_OFFSET_MS": String(-Self.eightHours)])
        #expect(try now.run(["init", "--department", "AUTO"]).exitCode == 0)
        #expect(try now.run(["graduate", "add", "2020001", "name=张三", "gender=1", "degree_level=本科", "grad_year=2024"]).exitCode == 0)
        #expect(try now.run(["graduate", "set", "2020001", "phone=13800000001"]).exitCode == 0)
        #expect(try behind.run(["graduate", "set", "2020001", "phone=13900000002"]).exitCode == 0)
        let history = try now.run(["graduate", "history", "2020001", "--field", "phone", "--json"]).stdout
        #expect(history.contains("13900000002"))
        let shown = try now.run(["graduate", "show", "2020001", "--json"]).stdout
        #expect(shown.contains("13900000002"), "the later edit is shown even though the wall clock stepped back")
        #expect(try now.run(["verify"]).exitCode == 0)
    }
}
