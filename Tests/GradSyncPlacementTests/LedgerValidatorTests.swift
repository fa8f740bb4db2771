import GradSyncCore
import GradSyncPlacement
import Testing

/// Assistance-ledger entries: common fields, kind-specific fields, per-change checks.
struct LedgerValidatorTests {
    private let validator = LedgerValidator()

    private func entry(_ kind: String, _ extra: [String: FieldValue]) -> [String: FieldValue] {
        ["kind": .string(kind), "student_no": "2021010101", "date": "2024-10-01"].merging(extra) { $1 }
    }

    @Test func completeEntriesOfEveryKindAreValid() {
        #expect(validator.validateEntry(entry("mentor", ["mentor": "导师甲"])).isEmpty)
        #expect(validator.validateEntry(entry("talk", ["mentor": "导师甲", "summary": "求职意向"])).isEmpty)
        #expect(validator.validateEntry(entry("recommendation", ["employer": "单位", "post": "岗位", "outcome": "录用"])).isEmpty)
        #expect(validator.validateEntry(entry("training", ["program": "宏志助航计划", "hours": .integer(16)])).isEmpty)
    }

    @Test func everyEntryNeedsKindStudentAndDate() {
        let errors = validator.validateEntry([:])
        #expect(errors.map(\.field) == ["kind", "student_no", "date"])
        #expect(errors[0].description == "类型：必填，每条台账记录都须有类型")
    }

    @Test func kindMustBeKnown() {
        let errors = validator.validateEntry(entry("party", [:]))
        #expect(errors.map(\.description) == ["类型：“party”不可用；须为以下之一：mentor（帮扶导师）、talk（谈心谈话）、recommendation（岗位推荐）、training（培训）"])
    }

    @Test func eachKindNeedsItsOwnFields() {
        #expect(validator.validateEntry(entry("mentor", [:])).map(\.field) == ["mentor"])
        #expect(validator.validateEntry(entry("talk", [:])).map(\.field) == ["mentor", "summary"])
        #expect(validator.validateEntry(entry("recommendation", ["post": "岗位"])).map(\.field) == ["employer", "outcome"])
        let training = validator.validateEntry(entry("training", ["program": "宏志助航计划"]))
        #expect(training.map(\.description) == ["培训学时：培训记录必填"])
    }

    @Test func trainingHoursAreAPositiveNumberWithAtMostOneDecimalPlaceInCanonicalForm() {
        // A whole amount is stored as an integer (as older entries hold it), any other as canonical text.
        let allowed = "须为 0.1 至 10000 的数，至多一位小数（如 1.5）"
        #expect(validator.validateEntry(entry("training", ["program": "p", "hours": "16"])).map(\.description)
            == ["培训学时：“16”不可用；\(allowed)"])
        for good: FieldValue in [.integer(1), .integer(10_000), "1.5", "0.1", "9999.9"] {
            #expect(validator.validateEntry(entry("training", ["program": "p", "hours": good])).isEmpty, "\(good)")
        }
        for bad: FieldValue in [.integer(0), .integer(-2), .integer(10_001), "0.0", "1.50", "01.5", "16.0", "1.25", "-0.5", "10000.1", "1,5", ".5"] {
            #expect(validator.validateEntry(entry("training", ["program": "p", "hours": bad])).map(\.field) == ["hours"], "\(bad)")
        }
    }

    @Test func typedHoursBecomeTheirCanonicalForm() {
        #expect(Tenths.canonical("1.50") == "1.5")
        #expect(Tenths.canonical("16.0") == .integer(16))
        #expect(Tenths.canonical("16") == .integer(16))
        #expect(Tenths.canonical("1.25") == "1.25")
        #expect(Tenths.canonical("abc") == "abc")
    }

    @Test func talkSummaryIsNeverEchoed() {
        let change = ChangeFactory.change("summary", "家庭\u{7}情况", collection: LedgerSchema.collection)
        #expect(ChangeFactory.refusal(validator, change)?.value == ValidationError.hidden)
    }

    @Test func perChangeChecksDatesAndPassesUnknownFields() {
        let badDate = ChangeFactory.change("date", "2024-09-31", collection: LedgerSchema.collection)
        #expect(ChangeFactory.refusal(validator, badDate)?.description == "日期：“2024-09-31”不可用；须为真实日期，写作 yyyy-mm-dd")
        let unknown = ChangeFactory.change("attachment", "x", collection: LedgerSchema.collection)
        #expect(ChangeFactory.refusal(validator, unknown) == nil)
        let tombstone = ChangeFactory.change("_deleted", .bool(true), collection: LedgerSchema.collection)
        #expect(ChangeFactory.refusal(validator, tombstone) == nil)
    }
}
