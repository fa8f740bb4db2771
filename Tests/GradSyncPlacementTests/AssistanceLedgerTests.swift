import GradSyncCore
import GradSyncPlacement
import Testing

/// How the assistance report reads the ledger: identical entries once, nothing after the report's day, the latest mentor.
struct AssistanceLedgerTests {
    let graduate = GraduateRecord(department: "CS", studentNumber: "2021010101",
                                  fields: ["key_groups": .list([.string("脱贫家庭")])])
    let day = CalendarDate("2026-06-01")!

    private func entry(_ kind: LedgerKind, _ date: String, key: String? = nil, _ fields: [String: FieldValue]) -> LedgerEntry {
        LedgerEntry(department: "CS", fields: fields.merging(["kind": .string(kind.rawValue), "student_no": .string("2021010101"),
                                                             "date": .string(date)]) { $1 }, key: key)
    }

    private func talk(_ date: String, key: String, summary: String = "求职沟通") -> LedgerEntry {
        entry(.talk, date, key: key, ["mentor": .string("王老师"), "summary": .string(summary)])
    }

    private func row(_ ledger: [LedgerEntry], asOf: CalendarDate? = nil) throws -> [String: ReportValue] {
        try #require(AssistanceReport.make([graduate], ledger: ledger, asOf: asOf ?? day).rows.first)
    }

    @Test func identicalEntriesFromTwoReplicasCountOnce() throws {
        // The same talk entered on two replicas offline arrives under two random keys; a note outside the kind's fields
        // does not make it another talk.
        let twice = [talk("2026-05-20", key: "a1"), talk("2026-05-20", key: "b2"),
                     entry(.talk, "2026-05-20", key: "c3", ["mentor": .string("王老师"), "summary": .string("求职沟通"), "x_note": .string("x")])]
        #expect(try row(twice)["talks"] == .count(1))
        let two = [talk("2026-05-20", key: "a1"), talk("2026-05-21", key: "b2")]
        #expect(try row(two)["talks"] == .count(2))
        let training = [entry(.training, "2026-05-01", key: "a1", ["program": .string("宏志助航计划"), "hours": .integer(16)]),
                        entry(.training, "2026-05-01", key: "b2", ["program": .string("宏志助航计划"), "hours": .integer(16)])]
        #expect(try row(training)["training_hours"] == .tenths(160))
    }

    @Test func entriesDatedAfterTheReportsDayDoNotCount() throws {
        let ledger = [talk("2026-05-31", key: "a1"), talk("2026-06-01", key: "b2"), talk("2026-06-02", key: "c3"),
                      entry(.mentor, "2026-06-05", key: "d4", ["mentor": .string("王老师")])]
        let today = try row(ledger)
        #expect(today["talks"] == .count(2))
        #expect(today["mentor_assigned"] == .flag(false))
        let later = try row(ledger, asOf: CalendarDate("2026-06-05"))
        #expect(later["talks"] == .count(3))
        #expect(later["mentor_assigned"] == .flag(true))
    }

    @Test func theCurrentMentorIsTheLatestByDateThenKey() throws {
        let ledger = [entry(.mentor, "2026-03-01", key: "ff", ["mentor": .string("王老师")]),
                      entry(.mentor, "2026-05-01", key: "10", ["mentor": .string("李老师")]),
                      entry(.mentor, "2026-04-01", key: "zz", ["mentor": .string("赵老师")])]
        let shown = try row(ledger)
        #expect(shown["mentor"] == .text("李老师"))
        #expect(shown["mentor_assigned"] == .flag(true))
        let sameDay = [entry(.mentor, "2026-05-01", key: "b2", ["mentor": .string("孙老师")]),
                       entry(.mentor, "2026-05-01", key: "a1", ["mentor": .string("周老师")])]
        #expect(try row(sameDay)["mentor"] == .text("孙老师"))
        #expect(try row([])["mentor"] == .empty)
    }

    @Test func decimalTrainingHoursAddUpWithWholeOnes() throws {
        let ledger = [entry(.training, "2026-05-01", key: "a1", ["program": .string("宏志助航计划"), "hours": .integer(16)]),
                      entry(.training, "2026-05-02", key: "b2", ["program": .string("简历写作"), "hours": .string("1.5")])]
        let table = AssistanceReport.make([graduate], ledger: ledger, asOf: day)
        #expect(table.rows.first?["training_hours"] == .tenths(175))
        #expect(table.renderJSON().contains("\"training_hours\":17.5"))
        #expect(table.renderText().contains("17.5"))
    }
}
