import GradSyncCore
import GradSyncPlacement
import Testing

/// The one table of which fields each destination uses and needs, and the dates the signing-date rule reads.
struct DestinationFieldsTests {
    private let validator = GraduateValidator()

    @Test func eachDestinationClassUsesItsOwnFields() throws {
        func used(_ code: String) throws -> Set<String> { DestinationFields.used(by: Destination(code)!) }
        #expect(try used("10").isSuperset(of: DestinationFields.employer + ["employer_country", "sign_date"]))
        #expect(try used("512") == Set(DestinationFields.employer + ["job_category", "sign_date"]))
        #expect(try !used("46").contains("employer_uscc"))
        #expect(try used("75") == Set(DestinationFields.employer))
        #expect(try used("801") == ["study_institution"])
        #expect(try used("85") == ["study_institution", "study_country"])
        for code in ["70", "71", "72", "76", "77"] { #expect(try used(code).isEmpty, "code \(code)") }
        #expect(DestinationFields.used(by: nil) == Set(DestinationFields.dependent))
    }

    @Test func aRecordHoldingAFieldItsDestinationDoesNotUseIsRefusedUnlessLeftToTheReport() {
        var fields = Fixture.employedGraduate
        fields["destination_code"] = "70"
        let errors = validator.validateRecord(fields)
        #expect(errors.map(\.field) == DestinationFields.employer)
        #expect(errors[0].description == "单位名称：“福州智控科技有限公司”不可用；毕业去向为 70（待就业）时不填："
            + "单位名称不适用于该去向，请清空（更改毕业去向时会在同一次写入中清空）")
        #expect(validator.validateRecord(fields, includingUnused: false).isEmpty)
    }

    @Test func datesCountFromTheEpochBothWays() {
        #expect(CalendarDate(daysSinceEpoch: 0).description == "1970-01-01")
        for text in ["2000-02-29", "2024-12-31", "2025-03-01", "2100-02-28", "1999-12-31"] {
            let date = CalendarDate(text)!
            #expect(CalendarDate(daysSinceEpoch: date.daysSinceEpoch) == date)
        }
        #expect(CalendarDate("2024-02-28")!.addingDays(1).description == "2024-02-29")
        #expect(CalendarDate("2025-12-31")!.addingDays(1).description == "2026-01-01")
        // 2026-06-01T16:00Z is midnight in Beijing: the date there is already the 2nd.
        #expect(CalendarDate(unixMilliseconds: 1_780_329_600_000, offsetHours: 8).description == "2026-06-02")
        #expect(CalendarDate(unixMilliseconds: 1_780_329_599_999, offsetHours: 8).description == "2026-06-01")
    }

    @Test func aSigningDateIsJudgedOnlyWhenTheCallerKnowsToday() {
        var fields = Fixture.employedGraduate
        fields["sign_date"] = "2026-06-04"
        #expect(validator.validateRecord(fields).isEmpty)
        #expect(validator.validateRecord(fields, today: CalendarDate("2026-06-03")).isEmpty)
        #expect(validator.validateRecord(fields, today: CalendarDate("2026-06-02")).map(\.field) == ["sign_date"])
    }

    @Test func examAndStudentNumbersHaveTheirOwnFormats() {
        #expect(ChangeFactory.graduateRefusal("exam_no", "21350102150001") == nil)
        for bad in ["2.3E+13", "abc", "２１３５０１０２１５０００１", "2135010215000"] {
            #expect(ChangeFactory.graduateRefusal("exam_no", .string(bad))?.field == "exam_no", "\(bad)")
        }
        #expect(ChangeFactory.graduateRefusal("student_no", "2021-0101")?.allowed == "须为 1 至 32 位字母或数字（学号只含字母和数字）")
    }
}
