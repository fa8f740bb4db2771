import GradSyncCore
import GradSyncPlacement
import Testing

/// Each field's own rule, checked through the per-change validator, with the message a user sees.
struct FieldValidationTests {
    private func refusal(_ field: String, _ value: FieldValue) -> ValidationError? {
        ChangeFactory.graduateRefusal(field, value)
    }

    @Test func genderMustBeOneOrTwo() {
        #expect(refusal("gender", "1") == nil)
        #expect(refusal("gender", "3")?.description == "gender: '3' is not allowed; one of 1 (男), 2 (女)")
        #expect(refusal("gender", .integer(1))?.allowed == "a string (one of 1 (男), 2 (女))")
    }

    @Test func degreeLevelMustBeOneOfFour() {
        for level in ["专科", "本科", "硕士", "博士"] { #expect(refusal("degree_level", .string(level)) == nil) }
        #expect(refusal("degree_level", "研究生")?.description == "degree_level: '研究生' is not allowed; one of 专科, 本科, 硕士, 博士")
    }

    @Test func gradYearIsAWholeNumberFrom2000To2100() {
        #expect(refusal("grad_year", .integer(2000)) == nil)
        #expect(refusal("grad_year", .integer(2100)) == nil)
        #expect(refusal("grad_year", .integer(1999))?.description == "grad_year: '1999' is not allowed; a whole number from 2000 to 2100")
        #expect(refusal("grad_year", .integer(2101)) != nil)
        #expect(refusal("grad_year", "2025")?.value == "2025")
    }

    @Test func datesMustBeRealCalendarDays() {
        #expect(refusal("sign_date", "2024-02-29") == nil)
        #expect(refusal("sign_date", "2023-02-29")?.description == "sign_date: '2023-02-29' is not allowed; a real calendar date written yyyy-mm-dd")
        #expect(refusal("sign_date", "2025-04-31") != nil)
        #expect(refusal("sign_date", "2025-4-1") != nil)
        #expect(refusal("sign_date", "2025/04/01") != nil)
        #expect(refusal("sign_date", "2100-02-29") != nil)
    }

    @Test func studentNumberIsOneTo32LettersAndDigits() {
        #expect(refusal("student_no", "") != nil)
        let tooLong = String(repeating: "1", count: 33)
        #expect(ChangeFactory.graduateRefusal("name", "张三", key: tooLong)?.description
            == "student_no: '\(tooLong)' is not allowed; 1 to 32 of A-Z, a-z, 0-9 (学号 holds letters and digits only)")
        #expect(ChangeFactory.graduateRefusal("name", "张三", key: "2021\t01")?.field == "student_no")
        #expect(ChangeFactory.graduateRefusal("name", "张三", key: String(repeating: "1", count: 32)) == nil)
        #expect(ChangeFactory.graduateRefusal("name", "张三", key: "S2021a01b") == nil)
        for key in ["2021 01", "2021/01", "=1+1", "学号1", "２０２１", "2021'01", "2021.01", "S2021-01", "S2021_01"] {
            #expect(ChangeFactory.graduateRefusal("name", "张三", key: key)?.field == "student_no", "\(key)")
        }
    }

    @Test func studentNumberFieldMustEqualTheRecordKey() {
        #expect(refusal("student_no", "2021010101") == nil)
        #expect(refusal("student_no", "2021010199")?.description
            == "student_no: '2021010199' is not allowed; the record's key '2021010101'; a student number is never changed")
    }

    @Test func socialCreditCodeNeedsTheGB32100CheckCharacter() {
        #expect(SocialCreditCode.isValid("91350100M000100Y43"))
        #expect(SocialCreditCode.checkCharacter(for: "91350100M000100Y4") == "3")
        #expect(refusal("employer_uscc", "91350100M000100Y43") == nil)
        #expect(refusal("employer_uscc", "91350100M000100Y44")?.description == "employer_uscc: '91350100M000100Y44' is not allowed; "
            + "18 characters of 0-9 and A-Z without I, O, S, V, Z, the last being the GB 32100 check character")
        #expect(refusal("employer_uscc", "91350100M000100Y4") != nil)
        #expect(refusal("employer_uscc", "91350100m000100y43") != nil)
        #expect(refusal("employer_uscc", "91350100I000100Y43") != nil)
    }

    @Test func socialCreditCodeCheckOf31IsWrittenZero() {
        // Σ = 31k makes 31 − 0 = 31, written 0: the body 0…0 sums to 0.
        #expect(SocialCreditCode.checkCharacter(for: String(repeating: "0", count: 17)) == "0")
        #expect(SocialCreditCode.isValid(String(repeating: "0", count: 18)))
    }

    @Test func phoneIsElevenDigitsStartingWithOneAndIsNeverEchoed() {
        #expect(refusal("phone", "13800000000") == nil)
        #expect(refusal("phone", "23800000000")?.description == "phone: '(hidden)' is not allowed; 11 digits starting with 1")
        #expect(refusal("phone", "1380000000")?.value == "(hidden)")
        #expect(refusal("phone", "1380000000a") != nil)
    }

    @Test func nameRefusalHidesTheName() {
        let error = refusal("name", "张\u{0}三")
        #expect(error?.description == "name: '(hidden)' is not allowed; text of 1 to 64 characters without control characters")
        #expect(refusal("name", .null)?.description == "name: '(hidden)' is not allowed; a value; name is required and cannot be cleared")
    }

    @Test func keyGroupsAreAListOfDistinctStringsAndHidden() {
        #expect(refusal("key_groups", .list(["脱贫家庭", "残疾"])) == nil)
        #expect(refusal("key_groups", .list([])) == nil)
        #expect(refusal("key_groups", "脱贫家庭")?.description
            == "key_groups: '(hidden)' is not allowed; a list of distinct non-empty strings of at most 32 characters")
        #expect(refusal("key_groups", .list(["残疾", "残疾"])) != nil)
        #expect(refusal("key_groups", .list([.integer(1)])) != nil)
    }

    @Test func regionsAreCurrentDivisionsOfTheShippedList() {
        for code in ["110101", "650102", "710000", "810000", "820000"] { #expect(refusal("origin_region", .string(code)) == nil) }
        #expect(refusal("origin_region", "990101")?.description == "origin_region: '990101' is not allowed; "
            + "a current six-digit GB/T 2260 code (\(RegionDirectory.current.edition)) of a province, prefecture or county")
        #expect(refusal("employer_region", "350199") != nil)
        #expect(refusal("employer_region", "35010") != nil)
        #expect(refusal("employer_region", "160101") != nil)
    }

    @Test func majorCodesKeepLeadingZeros() {
        #expect(refusal("major_code", "080901") == nil)
        #expect(refusal("major_code", "0811") == nil)
        #expect(refusal("major_code", "080601K") == nil)
        #expect(refusal("major_code", .integer(80901)) != nil)
        #expect(refusal("major_code", "80901")?.allowed == "a major catalogue code of 4 or 6 digits, optionally followed by K or T")
    }

    @Test func reviewStatusIsOneOfTheReviewSteps() {
        #expect(refusal("review_status", "学院已审核") == nil)
        #expect(refusal("review_status", "ok")?.allowed == "one of 待审核 (未审核), 学院已审核 (学院审核通过), 学校已审核 (学校审核通过), 退回 (退回修改)")
    }

    @Test func departmentFieldMustBeADepartmentCode() {
        #expect(refusal("department", "AUTO") == nil)
        #expect(refusal("department", "shared") != nil)
        #expect(refusal("department", "自动化学院")?.allowed == "a department code: 1 to 32 of A-Z, a-z, 0-9, '_' or '-' (not 'shared')")
    }

    @Test func longValuesAreCutInMessages() {
        let long = String(repeating: "x", count: 200)
        #expect(refusal("employer_industry", .string(long))?.value == String(repeating: "x", count: 64) + "…")
    }
}
