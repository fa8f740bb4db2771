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
        #expect(refusal("gender", "3")?.description == "性别：“3”不可用；须为以下之一：1（男）、2（女）")
        #expect(refusal("gender", .integer(1))?.allowed == "须为文字（须为以下之一：1（男）、2（女））")
    }

    @Test func degreeLevelMustBeOneOfFour() {
        for level in ["专科", "本科", "硕士", "博士"] { #expect(refusal("degree_level", .string(level)) == nil) }
        #expect(refusal("degree_level", "研究生")?.description == "学历层次：“研究生”不可用；须为以下之一：专科、本科、硕士、博士")
    }

    @Test func gradYearIsAWholeNumberFrom2000To2100() {
        #expect(refusal("grad_year", .integer(2000)) == nil)
        #expect(refusal("grad_year", .integer(2100)) == nil)
        #expect(refusal("grad_year", .integer(1999))?.description == "毕业年份：“1999”不可用；须为 2000 至 2100 的整数")
        #expect(refusal("grad_year", .integer(2101)) != nil)
        #expect(refusal("grad_year", "2025")?.value == "2025")
    }

    @Test func datesMustBeRealCalendarDays() {
        #expect(refusal("sign_date", "2024-02-29") == nil)
        #expect(refusal("sign_date", "2023-02-29")?.description == "签约日期：“2023-02-29”不可用；须为真实日期，写作 yyyy-mm-dd")
        #expect(refusal("sign_date", "2025-04-31") != nil)
        #expect(refusal("sign_date", "2025-4-1") != nil)
        #expect(refusal("sign_date", "2025/04/01") != nil)
        #expect(refusal("sign_date", "2100-02-29") != nil)
    }

    @Test func studentNumberIsOneTo32LettersAndDigits() {
        #expect(refusal("student_no", "") != nil)
        let tooLong = String(repeating: "1", count: 33)
        #expect(ChangeFactory.graduateRefusal("name", "张三", key: tooLong)?.description
            == "学号：“\(tooLong)”不可用；须为 1 至 32 位字母或数字（学号只含字母和数字）")
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
            == "学号：“2021010199”不可用；须为记录的学号 2021010101：学号不能修改")
    }

    @Test func socialCreditCodeNeedsTheGB32100CheckCharacter() {
        #expect(SocialCreditCode.isValid("91350100M000100Y43"))
        #expect(SocialCreditCode.checkCharacter(for: "91350100M000100Y4") == "3")
        #expect(refusal("employer_uscc", "91350100M000100Y43") == nil)
        #expect(refusal("employer_uscc", "91350100M000100Y44")?.description == "统一社会信用代码：“91350100M000100Y44”不可用；"
            + "须为 18 位统一社会信用代码（GB 32100）：数字和除 I、O、S、V、Z 以外的大写字母，末位为校验码")
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
        #expect(refusal("phone", "23800000000")?.description == "手机号：所填值（个人信息，不显示）不可用；须为以 1 开头的 11 位数字")
        #expect(refusal("phone", "1380000000")?.value == ValidationError.hidden)
        #expect(refusal("phone", "1380000000a") != nil)
    }

    @Test func nameRefusalHidesTheName() {
        let error = refusal("name", "张\u{0}三")
        #expect(error?.description == "姓名：所填值（个人信息，不显示）不可用；须为 1 至 64 个字符的文字，不含控制字符")
        #expect(refusal("name", .null)?.description == "姓名：必填，不能清空", "a missing value reads as the rule alone")
    }

    @Test func keyGroupsAreAListOfDistinctCategoriesAndHidden() {
        #expect(refusal("key_groups", .list(["脱贫家庭", "残疾"])) == nil)
        #expect(refusal("key_groups", .list([])) == nil)
        #expect(refusal("key_groups", "脱贫家庭")?.description
            == "重点群体类别：所填值（个人信息，不显示）不可用；须为互不相同的非空文字，每项至多 32 个字符")
        #expect(refusal("key_groups", .list(["外星人"]))?.description
            == "重点群体类别：所填值（个人信息，不显示）不可用；须为互不相同的重点群体类别，每项为以下之一：脱贫家庭、低保家庭、零就业家庭、残疾、较长时间未就业")
        #expect(refusal("key_groups", .list(["脱贫家庭毕业生"])) != nil, "a stored value is the category's own name")
        #expect(refusal("key_groups", .list(["残疾", "残疾"])) != nil)
        #expect(refusal("key_groups", .list([.integer(1)])) != nil)
    }

    @Test func regionsAreCurrentDivisionsOfTheShippedList() {
        for code in ["110101", "650102", "710000", "810000", "820000"] { #expect(refusal("origin_region", .string(code)) == nil) }
        #expect(refusal("origin_region", "990101")?.description == "生源地：“990101”不可用；"
            + "须为现行 GB/T 2260 行政区划代码（\(RegionDirectory.current.edition)）中的省、市或县级代码")
        #expect(refusal("employer_region", "350199") != nil)
        #expect(refusal("employer_region", "35010") != nil)
        #expect(refusal("employer_region", "160101") != nil)
    }

    @Test func majorCodesKeepLeadingZeros() {
        #expect(refusal("major_code", "080901") == nil)
        #expect(refusal("major_code", "0811") == nil)
        #expect(refusal("major_code", "080601K") == nil)
        #expect(refusal("major_code", .integer(80901)) != nil)
        #expect(refusal("major_code", "80901")?.allowed == "须为 4 位或 6 位数字的专业目录代码，可带后缀 K 或 T")
    }

    @Test func reviewStatusIsOneOfTheReviewSteps() {
        #expect(refusal("review_status", "学院已审核") == nil)
        #expect(refusal("review_status", "ok")?.allowed == "须为以下之一：待审核（未审核）、学院已审核（学院审核通过）、学校已审核（学校审核通过）、退回（退回修改）")
    }

    @Test func departmentFieldMustBeADepartmentCode() {
        #expect(refusal("department", "AUTO") == nil)
        #expect(refusal("department", "shared") != nil)
        #expect(refusal("department", "自动化学院")?.allowed == "须为学院代码：1 至 32 位字母、数字、“_”或“-”（不能是 shared）")
    }

    @Test func longValuesAreCutInMessages() {
        let long = String(repeating: "x", count: 200)
        #expect(refusal("employer_industry", .string(long))?.value == String(repeating: "x", count: 64) + "…")
    }
}
