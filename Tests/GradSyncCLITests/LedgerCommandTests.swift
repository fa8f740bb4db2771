import Foundation
import GradSyncCore
import Testing

/// `gradsync ledger add` through the built binary, on Fixtures/report_roster.csv (A003 is the one key-group graduate).
@Suite struct LedgerCommandTests {
    let central: CLIReplica

    init() throws {
        central = try CLIReplica.reportCentral()
    }

    @Test func theSameTalkEnteredTwiceIsRefusedNamingTheEarlierEntry() throws {
        let first = try central.succeed(["ledger", "add", "A003", "--kind", "talk", "mentor=王老师", "summary=求职沟通", "date=2025-03-01"])
        let key = try #require(first.split(separator: " ").dropFirst(3).first.map(String.init))
        let before = try central.changeCount()
        let again = try central.run(["ledger", "add", "A003", "--kind", "talk", "mentor=王老师", "summary=求职沟通", "date=2025-03-01"])
        #expect(again.exitCode == 5)
        #expect(again.stderr.contains(key))
        #expect(try central.changeCount() == before)
    }

    @Test func anEntryDatedInTheFutureIsRefused() throws {
        let before = try central.changeCount()
        let refused = try central.run(["ledger", "add", "A003", "--kind", "mentor", "mentor=王老师", "date=2099-01-01"])
        #expect(refused.exitCode == 5)
        #expect(refused.stderr.contains("日期：“2099-01-01”不可用；不能晚于"))
        #expect(try central.changeCount() == before)
    }

    @Test func anEntryForAGraduateInNoKeyGroupIsAddedWithAWarningLine() throws {
        let plain = try central.run(["ledger", "add", "A001", "--kind", "mentor", "mentor=王老师", "date=2025-03-01"])
        #expect(plain.exitCode == 0)
        #expect(plain.stderr.split(separator: "\n").contains { $0.contains("warning: 毕业生 A001 不属于任何重点群体") })
        #expect(plain.stdout.contains("added mentor entry"))
        let keyGroup = try central.run(["ledger", "add", "A003", "--kind", "mentor", "mentor=王老师", "date=2025-03-01"])
        #expect(keyGroup.exitCode == 0)
        #expect(!keyGroup.stderr.contains("warning"))
    }

    @Test func aChangeOfMentorIsAddedAndTheReportShowsTheLatest() throws {
        try central.succeed(["ledger", "add", "A003", "--kind", "mentor", "mentor=王老师", "date=2025-03-01"])
        try central.succeed(["ledger", "add", "A003", "--kind", "mentor", "mentor=李老师", "date=2025-05-01"])
        let text = try central.succeed(["report", "assistance", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.map { $0["mentor"] as? String } == ["李老师"])
        #expect(rows.first?["mentor_assigned"] as? Bool == true)
    }

    @Test func trainingHoursMayHaveOneDecimalPlace() throws {
        try central.succeed(["ledger", "add", "A003", "--kind", "training", "program=宏志助航计划", "hours=16", "date=2025-03-01"])
        try central.succeed(["ledger", "add", "A003", "--kind", "training", "program=简历写作", "hours=1.5", "date=2025-03-02"])
        let before = try central.changeCount()
        for bad in ["hours=0", "hours=1.25", "hours=-1", "hours=abc"] {
            let refused = try central.run(["ledger", "add", "A003", "--kind", "training", "program=面试", bad, "date=2025-03-03"])
            #expect(refused.exitCode == 5, "\(bad)")
            #expect(refused.stderr.contains("培训学时："), "\(bad)")
        }
        #expect(try central.changeCount() == before)
        let text = try central.succeed(["report", "assistance", "--format", "json"])
        #expect(text.contains("\"training_hours\":17.5"))
        let list = try central.succeed(["ledger", "list", "A003"])
        #expect(list.contains("培训学时 1.5"))
    }
}
