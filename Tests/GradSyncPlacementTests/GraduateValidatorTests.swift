import GradSyncCore
import GradSyncPlacement
import Testing

/// The per-change validator and the record-level rules for graduates.
struct GraduateValidatorTests {
    private let validator = GraduateValidator()

    @Test func unknownFieldsPassUntouched() {
        #expect(ChangeFactory.graduateRefusal("field_from_a_newer_version", .object(["any": .integer(1)])) == nil)
    }

    @Test func tombstoneTakesABoolean() {
        #expect(ChangeFactory.graduateRefusal("_deleted", .bool(true)) == nil)
        #expect(ChangeFactory.graduateRefusal("_deleted", .bool(false)) == nil)
        #expect(ChangeFactory.graduateRefusal("_deleted", "yes")?.description == "_deleted：“yes”不可用；须为 true（删除）或 false（恢复）")
    }

    @Test func nullClearsOptionalFieldsOnly() {
        #expect(ChangeFactory.graduateRefusal("employer_name", .null) == nil)
        #expect(ChangeFactory.graduateRefusal("phone", .null) == nil)
        #expect(ChangeFactory.graduateRefusal("grad_year", .null)?.description
            == "毕业年份：必填，不能清空")
    }

    @Test func otherCollectionsAreNotTheGraduateValidatorsBusiness() {
        let change = ChangeFactory.change("gender", "9", collection: "department_directory")
        #expect(ChangeFactory.refusal(validator, change) == nil)
    }

    @Test func completeEmployedGraduateIsValid() {
        #expect(validator.validateRecord(Fixture.employedGraduate).isEmpty)
    }

    @Test func newGraduateNeedsTheRequiredFields() {
        let errors = validator.validateRecord(["student_no": "2021010101"])
        #expect(errors.map(\.field) == ["name", "gender", "degree_level", "grad_year"])
        #expect(errors[0].description == "姓名：必填，每名毕业生都须有姓名")
        #expect(errors[3].description == "毕业年份：必填，每名毕业生都须有毕业年份")
        #expect(validator.validateRecord([:]).first?.field == "student_no")
    }

    @Test func employmentCodeWithoutEmployerIsRefused() {
        var fields = Fixture.employedGraduate
        for name in GraduateValidator.employerFields { fields[name] = nil }
        let errors = validator.validateRecord(fields)
        #expect(errors.map(\.field) == ["employer_name", "employer_uscc", "employer_nature", "employer_industry", "employer_region"])
        #expect(errors[0].description == "单位名称：毕业去向为 10（签就业协议形式就业）时必填")
    }

    @Test func everyEmploymentCodeNeedsEveryEmployerField() {
        for code in ["11", "12", "27", "271", "502", "509", "51", "512"] {
            var fields = Fixture.employedGraduate
            fields["destination_code"] = .string(code)
            fields["employer_uscc"] = .null
            let errors = validator.validateRecord(fields)
            #expect(errors.map(\.field) == ["employer_uscc"], "code \(code)")
        }
    }

    @Test func entrepreneurshipAndUnplacedCodesNeedNoEmployer() {
        for code in ["75", "76", "70", "71", "72"] {
            var fields = Fixture.employedGraduate
            fields["destination_code"] = .string(code)
            for name in GraduateValidator.employerFields { fields[name] = nil }
            #expect(validator.validateRecord(fields).isEmpty, "code \(code)")
        }
    }

    @Test func domesticStudyNeedsAnInstitution() {
        var fields = Fixture.employedGraduate
        for name in GraduateValidator.employerFields { fields[name] = nil }
        fields["destination_code"] = "801"
        let errors = validator.validateRecord(fields)
        #expect(errors.map(\.description) == ["升学院校：毕业去向为 801（研究生）时必填"])
        fields["study_institution"] = "厦门大学"
        #expect(validator.validateRecord(fields).isEmpty)
    }

    @Test func studyAbroadNeedsInstitutionAndCountry() {
        var fields = Fixture.employedGraduate
        for name in GraduateValidator.employerFields { fields[name] = nil }
        fields["destination_code"] = "85"
        #expect(validator.validateRecord(fields).map(\.field) == ["study_institution", "study_country"])
        fields["study_institution"] = "University of Toronto"
        fields["study_country"] = "加拿大"
        #expect(validator.validateRecord(fields).isEmpty)
    }

    @Test func recordRulesAlsoReportBadValues() {
        var fields = Fixture.employedGraduate
        fields["sign_date"] = "2025-13-01"
        fields["gender"] = "0"
        #expect(validator.validateRecord(fields).map(\.field) == ["gender", "sign_date"])
    }

    @Test func placementValidatorRoutesEachCollection() {
        let placement = PlacementValidator()
        #expect(ChangeFactory.refusal(placement, ChangeFactory.change("gender", "9"))?.field == "gender")
        #expect(ChangeFactory.refusal(placement, ChangeFactory.change("kind", "party", collection: "ledger"))?.field == "kind")
        #expect(ChangeFactory.refusal(placement, ChangeFactory.change("gender", "9", collection: "other")) == nil)
    }
}
