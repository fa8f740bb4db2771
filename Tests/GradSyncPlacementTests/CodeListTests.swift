import GradSyncCore
import GradSyncPlacement
import Testing

/// Code lists classify by the first two digits, keep unknown sub-codes and refuse unknown prefixes.
struct CodeListTests {
    @Test func unknownSubCodeIsKeptAndClassifiedByItsPrefix() throws {
        let destination = try #require(Destination("509"))
        #expect(destination.code == "509")
        #expect(destination.prefix == "50")
        #expect(destination.classification.entry == nil)
        #expect(destination.classification.name == "国家基层项目")
        #expect(destination.isPlaced && destination.isEmployment)
        #expect(destination.ratePart == .agreementContract)
        #expect(ChangeFactory.graduateRefusal("destination_code", "509") == nil)
        #expect(ChangeFactory.graduateRefusal("destination_code", "7012") == nil)
    }

    @Test func codeWithUnknownPrefixIsRefused() {
        #expect(Destination("99") == nil)
        #expect(ChangeFactory.graduateRefusal("destination_code", "99")?.description == "毕业去向代码：“99”不可用；"
            + "须为毕业去向代码（2024 版）：2 至 4 位数字，前两位为 "
            + "10、11、12、27、46、50、51、70、71、72、75、76、77、80、85 之一")
        #expect(ChangeFactory.graduateRefusal("destination_code", "1") != nil)
        #expect(ChangeFactory.graduateRefusal("destination_code", "10a") != nil)
        #expect(ChangeFactory.graduateRefusal("destination_code", .integer(10)) != nil)
    }

    @Test func destinationsCountInTheirPartOfTheRate() {
        let expected: [String: RatePart?] = [
            "10": .agreementContract, "11": .agreementContract, "12": .flexible, "271": .agreementContract,
            "46": .agreementContract, "502": .agreementContract, "512": .agreementContract, "75": .entrepreneurship,
            "76": .flexible, "77": .flexible, "801": .furtherStudy, "802": .furtherStudy, "85": .furtherStudy,
            "70": nil, "71": nil, "72": nil,
        ]
        for (code, part) in expected {
            #expect(Destination(code)?.ratePart == part, "code \(code)")
            #expect(Destination(code)?.isPlaced == (part != nil), "code \(code)")
        }
    }

    @Test func employmentAndStudyCodesAreTheOnesTheNotesName() {
        let employment = ["10", "11", "12", "27", "271", "46", "50", "503", "51", "519"]
        for code in employment { #expect(Destination(code)?.isEmployment == true, "code \(code)") }
        for code in ["75", "76", "77", "80", "85", "70"] { #expect(Destination(code)?.isEmployment == false, "code \(code)") }
        #expect(Destination("802")?.isFurtherStudy == true)
        #expect(Destination("85")?.isAbroad == true)
        #expect(Destination("801")?.isAbroad == false)
    }

    @Test func edition2024AddsUnconfirmedEmployerNatures() {
        let newer = CodeSet(.v2024).employerNature.classify("43")
        #expect(newer?.name == "民营企业")
        #expect(newer?.entry?.status == .unconfirmed)
        #expect(CodeSet(.v2021).employerNature.classify("43") == nil)
        #expect(CodeSet(.v2021).employerNature.classify("31")?.entry?.status == .confirmed)
        #expect(CodeSetVersion.latest == .v2024)
    }

    @Test func validatorOfAnOlderEditionRefusesNewerCodes() {
        let validator = GraduateValidator(codes: CodeSet(.v2021))
        let change = ChangeFactory.change("employer_nature", "44")
        #expect(ChangeFactory.refusal(validator, change)?.allowed.contains("（2021 版）") == true)
        #expect(ChangeFactory.refusal(GraduateValidator(), change) == nil)
    }

    @Test func everyListHasTheCategoriesOfTheNotes() {
        let codes = CodeSet.latest
        #expect(codes.industry.categories.count == 21)
        #expect(codes.jobCategory.categories.count == 18)
        #expect(CodeSet(.v2021).employerNature.categories.count == 13)
        #expect(codes.industry.classify("34")?.name == "信息传输、软件和信息技术服务业")
        #expect(codes.jobCategory.classify("1301")?.name == "工程技术人员")
    }

    @Test func provincesCoverMainlandTaiwanHongKongAndMacao() {
        #expect(Region.provinces.count == 34)
        #expect(Region("350102")?.provinceName == "福建")
        #expect(Region("820000")?.provinceName == "澳门")
        #expect(Region("17000a") == nil)
    }
}
