import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Testing

/// Reports counted in SQL over the store (grouped counts, pages of a list) agree with the same reports counted
/// over every graduate loaded one by one, on random records: any value, missing fields, unlisted codes,
/// deletions and several cohorts, with no validator in the way.
struct ReportAgreementTests {
    let replica: PlacementReplica

    init() throws {
        let fixture = try RecordsFixture()
        replica = PlacementReplica(store: try fixture.replicas.make("central", scope: .central))
        var random = SplitMix64(seed: 20_250_831)
        func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
        let absent: FieldValue? = nil
        for index in 0..<300 {
            let department = pick(["AUTO", "CS", "MATH"])
            let id = RecordID(scope: try Scope.department(department), collection: GraduateSchema.collection, key: "S\(1000 + index)")
            let choices: [String: [FieldValue?]] = [
                "destination_code": ["10", "11", "12", "271", "46", "502", "509", "512", "70", "701", "71", "72", "75", "76", "77",
                                     "801", "85", "99", "", .null, absent],
                "employer_nature": ["31", "39", "55", "56", "10", "77", absent],
                "employer_industry": ["22", "34", "45", absent],
                "employer_region": ["350100", "350200", "110000", "440300", "bad", absent],
                "origin_region": ["350100", "110000", "440300", "420100", absent],
                "gender": ["1", "2", "9", absent],
                "degree_level": ["博士", "硕士", "本科", "专科", "研究生", absent],
                "major_code": ["080801", "080901", "0811", absent],
                "major_name": ["自动化", "计算机科学与技术", "控制科学与工程", absent],
                "key_groups": [.list([]), .list(["脱贫家庭"]), .list(["低保家庭", "残疾"]), absent, absent, absent],
                "grad_year": [.integer(2023), .integer(2024), .integer(2025), .integer(2025), absent],
                "name": ["张三", "李四"],
            ]
            var fields: [String: FieldValue] = [:]
            for (name, values) in choices.sorted(by: { $0.key < $1.key }) { fields[name] = pick(values) }
            try replica.store.write(id, fields: fields, mode: .create, author: "test")
            if random.next() % 10 == 0 { try replica.store.delete(id, author: "test") }
        }
    }

    /// Every live graduate of a cohort (or of all), loaded one by one: the oracle.
    private func loaded(_ cohort: Int?) throws -> [GraduateRecord] {
        try replica.graduates().filter { cohort == nil || $0.fields["grad_year"] == .integer(Int64(cohort!)) }
    }

    private func groups(_ fields: [String], _ cohort: Int?) throws -> [GraduateGroup] {
        try replica.graduateGroups(reading: fields, cohort: cohort)
    }

    @Test(arguments: [nil, 2024, 2025])
    func groupedReportsEqualReportsOverEveryRecord(cohort: Int?) throws {
        let records = try loaded(cohort)
        #expect(records.count > 50, "the random roster holds enough graduates to mean something")
        let departments = DepartmentDirectory(["AUTO": "自动化学院"])
        for dimension in PlacementDimension.allCases {
            #expect(PlacementReport.make(groups: try groups(PlacementReport.fieldsRead(by: dimension), cohort), by: dimension,
                                         departments: departments)
                    == PlacementReport.make(records, by: dimension, departments: departments), "\(dimension)")
        }
        #expect(DestinationReport.make(groups: try groups(DestinationReport.fieldsRead, cohort)) == DestinationReport.make(records))
        for dimension in FlowDimension.allCases {
            #expect(FlowReport.make(groups: try groups(FlowReport.fieldsRead(by: dimension), cohort), by: dimension, universityProvince: "35")
                    == FlowReport.make(records, by: dimension, universityProvince: "35"), "\(dimension)")
        }
        #expect(GrassrootsReport.make(groups: try groups(GrassrootsReport.fieldsRead, cohort), departments: departments)
                == GrassrootsReport.make(records, departments: departments))
        #expect(try DataQualityReport.make(groups: try groups(DataQualityReport.fieldsRead, cohort),
                                           eachRecord: { visit in try replica.forEachGraduate(cohort: cohort, visit) }, threshold: 0.1)
                == DataQualityReport.make(records, threshold: 0.1))
        let day = try #require(CalendarDate("2025-06-30"))
        #expect(AssistanceReport.make(keyGroup: try replica.keyGroupGraduates(cohort: cohort),
                                      university: try groups(AssistanceReport.universityFieldsRead, cohort), ledger: [], asOf: day)
                == AssistanceReport.make(records, ledger: [], asOf: day))
    }

    @Test(arguments: [nil, 2025])
    func unplacedPagesAreSlicesOfTheWholeList(cohort: Int?) throws {
        let whole = UnplacedReport.make(try loaded(cohort))
        let all = try replica.unplacedGraduates(cohort: cohort)
        #expect(UnplacedReport.make(all.graduates, total: all.total) == whole)
        let page = try replica.unplacedGraduates(cohort: cohort, limit: 7, offset: 5)
        #expect(page.total == whole.rows.count)
        #expect(UnplacedReport.make(page.graduates).rows == Array(whole.rows[5..<12]))
    }

    @Test func cohortsAreTheYearsHeldAmongLiveGraduates() throws {
        #expect(try replica.cohorts() == [2023, 2024, 2025])
        #expect(try replica.graduateCount() == (try loaded(nil)).count)
    }
}
