import Foundation
import GradSyncCore
import GradSyncPlacement
import Testing

/// `protocol/schema/placement.json` as `PlacementSchemaDocument` makes it: it says what the validators enforce.
@Suite struct PlacementSchemaDocumentTests {
    static func document(_ name: String) throws -> [String: FieldValue] {
        let text = try #require(try PlacementSchemaDocument.files().first { $0.name == name }?.text)
        guard case .object(let root) = try FieldValue(parsingJSON: text) else { throw DocumentShape() }
        return root
    }

    struct DocumentShape: Error {}

    static func objects(_ value: FieldValue?) -> [[String: FieldValue]] {
        guard case .list(let items) = value ?? .null else { return [] }
        return items.compactMap { if case .object(let object) = $0 { return object } else { return nil } }
    }

    static func collection(_ name: String) throws -> [String: FieldValue] {
        try #require(objects(try document("placement.json")["collections"]).first { $0["name"] == .string(name) })
    }

    static func type(of field: String, in collection: [String: FieldValue]) throws -> [String: FieldValue] {
        let described = try #require(objects(collection["fields"]).first { $0["name"] == .string(field) })
        guard case .object(let type) = described["type"] ?? .null else { throw DocumentShape() }
        return type
    }

    @Test func graduateFieldsSayTheirJSONTypeAndBounds() throws {
        let graduate = try Self.collection("graduate")
        #expect(Self.objects(graduate["fields"]).compactMap { $0["name"]?.stringValue } == GraduateSchema.fields.map(\.name))
        let gender = try Self.type(of: "gender", in: graduate)
        #expect(gender["json"] == .string("string"))
        #expect(Self.objects(gender["values"]).compactMap { $0["value"]?.stringValue } == ["1", "2"])
        let year = try Self.type(of: "grad_year", in: graduate)
        #expect(year["json"] == .string("integer") && year["minimum"] == .integer(2000) && year["maximum"] == .integer(2100))
        #expect(try Self.type(of: "student_no", in: graduate)["pattern"] == .string("^[A-Za-z0-9]{1,32}$"))
        #expect(try Self.type(of: "department", in: graduate)["equals_scope"] == .bool(true))
        let sensitive = Self.objects(graduate["fields"]).filter { $0["privacy"] == .string("sensitive") }.compactMap { $0["name"]?.stringValue }
        #expect(Set(sensitive) == GraduateSchema.sensitiveFieldNames)
        let required = Self.objects(graduate["fields"]).filter { $0["required"] == .bool(true) }.compactMap { $0["name"]?.stringValue }
        #expect(required == GraduateSchema.fields.filter(\.isRequired).map(\.name))
    }

    @Test func destinationRulesAreWhatTheValidatorEnforces() throws {
        let rules = Self.objects(try Self.collection("graduate")["destinations"])
        #expect(rules.compactMap { $0["prefix"]?.stringValue } == CodeSet.latest.destination.categories.map(\.code))
        let enlisted = try #require(rules.first { $0["prefix"] == .string("46") })
        #expect(enlisted["values"] == .object(["employer_nature": .list([.string("40")]), "employer_industry": .list([.string("80")])]))
        guard case .list(let forbidden) = enlisted["forbids"] ?? .null else { throw DocumentShape() }
        #expect(forbidden.contains(.string("employer_uscc")))
        let abroad = try #require(rules.first { $0["prefix"] == .string("85") })
        #expect(abroad["not_china"] == .list([.string("study_country")]))
        #expect(abroad["needs"] == .list([.string("study_institution"), .string("study_country")]))
        let employed = try #require(rules.first { $0["prefix"] == .string("10") })
        #expect(employed["needs_when_employer_abroad"] == .list(["employer_name", "employer_nature", "employer_industry"].map(FieldValue.string)))
        // A record the rules accept breaks none of the document's rules for its destination, and each rule it states refuses.
        var record = Fixture.employedGraduate
        #expect(GraduateValidator().validateRecord(record).isEmpty)
        record["study_institution"] = .string("某大学")
        #expect(GraduateValidator().validateRecord(record).map(\.field) == ["study_institution"])
    }

    @Test func codeListsCarryEveryEdition() throws {
        guard case .object(let lists) = try Self.document("placement.json")["code_lists"] ?? .null else { throw DocumentShape() }
        #expect(Set(lists.keys) == Set(CodeListKind.allCases.map(\.rawValue)))
        guard case .object(let nature) = lists["employerNature"] ?? .null else { throw DocumentShape() }
        let versions = Self.objects(nature["versions"])
        #expect(versions.compactMap { $0["version"]?.stringValue } == CodeSetVersion.allCases.map(\.rawValue))
        let latest = Self.objects(versions.last?["entries"])
        #expect(latest.count == CodeSet.latest.employerNature.entries.count)
        #expect(latest.contains { $0["code"] == .string("43") && $0["status"] == .string("unconfirmed") })
    }

    @Test func regionsAreTheShippedDirectory() throws {
        let regions = try Self.document("regions.json")
        guard case .object(let current) = regions["current"] ?? .null, case .object(let retired) = regions["retired"] ?? .null else {
            throw DocumentShape()
        }
        #expect(regions["edition"] == .string(RegionDirectory.current.edition))
        #expect(current["350203"] == .string("思明区"))
        #expect(current.keys.allSatisfy { Region($0) != nil })
        #expect(!retired.isEmpty && retired.keys.allSatisfy { RegionDirectory.current.retirement(of: $0) != nil && Region($0) == nil })
    }

    /// Strings near the edges of every pattern the document states.
    static let samples = [
        "", "1", "12", "123", "1234", "12345", "123456", "1234567", "0809", "080901", "080901K", "0809T", "08090K", "080901X",
        "13800138000", "23800138000", "1380013800", "12345678901234", "1234567890123", "123456789012345", "2020001", "A-1",
        "a_b", "AUTO", "shared", "2024-02-29", "2023-02-29", "2024-13-01", "24-01-01", "91350100M000100Y43", "91350100M000100Y44",
        "350203", "350000", "999999", "２０２０", "1.5", "01.5", "1.50", "0.1", String(repeating: "9", count: 33),
    ]

    @Test func everyPatternAdmitsWhatTheCheckAccepts() throws {
        for field in GraduateSchema.fields + LedgerSchema.fields {
            let type = field.kind.schemaDescription
            guard let pattern = (type["pattern"] ?? type["string_pattern"])?.stringValue else { continue }
            let regex = try Regex(pattern)
            for sample in Self.samples where (try? field.check(.string(sample))) != nil {
                #expect(sample.wholeMatch(of: regex) != nil, "\(field.name) accepts '\(sample)' but its pattern \(pattern) does not")
            }
        }
        // Where the pattern is the whole rule, it refuses what the check refuses.
        for name in ["student_no", "exam_no", "major_code", "phone"] {
            let field = try #require(GraduateSchema.field(named: name))
            let regex = try Regex(try #require(field.kind.schemaDescription["pattern"]?.stringValue))
            for sample in Self.samples {
                #expect((sample.wholeMatch(of: regex) != nil) == ((try? field.check(.string(sample))) != nil), "\(name): '\(sample)'")
            }
        }
    }
}
