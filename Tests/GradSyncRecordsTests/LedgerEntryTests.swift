import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import Testing

/// The records layer's ledger rules: identical entries, future dates, graduates outside every key group.
///
/// The store's wall clock reads 2026-05-31 17:00 UTC, which is already 2026-06-01 01:00 in Beijing.
struct LedgerEntryTests {
    let fixture: RecordsFixture
    let replica: PlacementReplica

    init() throws {
        fixture = try RecordsFixture()
        fixture.replicas.clock.set(1_780_246_800_000)
        replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["key_groups": .list(["脱贫家庭"])]) { $1 },
                                author: "secretary")
    }

    private func talk(_ date: String, summary: String = "求职沟通") -> [String: FieldValue] {
        ["mentor": "王老师", "summary": .string(summary), "date": .string(date)]
    }

    @Test func anEntryIdenticalToOneHeldIsRefusedNamingTheEarlierEntry() throws {
        let first = try replica.addLedgerEntry("2021010101", kind: .talk, values: talk("2026-05-20"), author: "secretary")
        let before = try replica.store.changeCount()
        #expect {
            try replica.addLedgerEntry("2021010101", kind: .talk, values: talk("2026-05-20"), author: "another")
        } throws: { error in
            guard case RecordsError.refused(let message) = error else { return false }
            return message.contains(first.id.key) && message.contains("2026-05-20")
        }
        #expect(try replica.store.changeCount() == before)
        // Another day or another summary is another talk.
        try replica.addLedgerEntry("2021010101", kind: .talk, values: talk("2026-05-21"), author: "secretary")
        try replica.addLedgerEntry("2021010101", kind: .talk, values: talk("2026-05-20", summary: "简历修改"), author: "secretary")
        #expect(try replica.ledgerEntries().count == 3)
    }

    @Test func anEntryDatedMoreThanOneDayAfterTodayInBeijingIsRefused() throws {
        // Today is 2026-06-01 in Beijing, so 2026-06-02 is tomorrow there and allowed; 2026-06-03 is not.
        try replica.addLedgerEntry("2021010101", kind: .talk, values: talk("2026-06-02"), author: "secretary")
        let before = try replica.store.changeCount()
        #expect {
            try replica.addLedgerEntry("2021010101", kind: .talk, values: talk("2026-06-03"), author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["date"] && problems[0].allowed.contains("2026-06-02")
        }
        #expect(try replica.store.changeCount() == before)
    }

    @Test func theDefaultDateIsTodayInBeijing() throws {
        let added = try replica.addLedgerEntry("2021010101", kind: .mentor, values: ["mentor": "王老师"], author: "secretary")
        #expect(try replica.ledgerStates().first { $0.id == added.id }?.fields["date"] == .string("2026-06-01"))
    }

    @Test func anEntryForAGraduateInNoKeyGroupIsWrittenWithAWarning() throws {
        try replica.addGraduate("2021010102", values: RecordsFixture.graduate, author: "secretary")
        let plain = try replica.addLedgerEntry("2021010102", kind: .mentor, values: ["mentor": "王老师"], author: "secretary")
        #expect(plain.warnings.count == 1)
        #expect(plain.warnings.first?.contains("2021010102") == true)
        #expect(try replica.ledgerStates().contains { $0.id == plain.id })
        let keyGroup = try replica.addLedgerEntry("2021010101", kind: .mentor, values: ["mentor": "王老师"], author: "secretary")
        #expect(keyGroup.warnings.isEmpty)
    }

    @Test func aChangeOfMentorIsAcceptedAndTheReportShowsTheLatest() throws {
        try replica.addLedgerEntry("2021010101", kind: .mentor, values: ["mentor": "王老师", "date": "2026-03-01"], author: "secretary")
        try replica.addLedgerEntry("2021010101", kind: .mentor, values: ["mentor": "李老师", "date": "2026-05-01"], author: "secretary")
        try replica.addLedgerEntry("2021010101", kind: .mentor, values: ["mentor": "赵老师", "date": "2026-04-01"], author: "secretary")
        let table = AssistanceReport.make(try replica.graduates(), ledger: try replica.ledgerEntries(), asOf: replica.today)
        #expect(table.rows.map { $0["mentor"] } == [.text("李老师")])
    }

    @Test func typedTrainingHoursAreStoredInCanonicalForm() throws {
        let half = try replica.addLedgerEntry("2021010101", kind: .training, values: ["program": "简历写作", "hours": "1.50"],
                                              author: "secretary")
        let whole = try replica.addLedgerEntry("2021010101", kind: .training, values: ["program": "宏志助航计划", "hours": "16"],
                                               author: "secretary")
        let states = try replica.ledgerStates()
        #expect(states.first { $0.id == half.id }?.fields["hours"] == .string("1.5"))
        #expect(states.first { $0.id == whole.id }?.fields["hours"] == .integer(16))
        // The same training typed as 1.5 after 1.50 is the same entry.
        #expect(throws: RecordsError.self) {
            try replica.addLedgerEntry("2021010101", kind: .training, values: ["program": "简历写作", "hours": "1.5"], author: "secretary")
        }
        let before = try replica.store.changeCount()
        #expect(throws: RecordsError.self) {
            try replica.addLedgerEntry("2021010101", kind: .training, values: ["program": "简历写作", "hours": "1.25", "date": "2026-05-01"],
                                       author: "secretary")
        }
        #expect(try replica.store.changeCount() == before)
    }
}
