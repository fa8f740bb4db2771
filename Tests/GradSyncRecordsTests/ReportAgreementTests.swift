import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Testing

/// Reports counted in SQL over the store (grouped counts, pages of a list) agree with the same reports counted
/// over every graduate loaded one by one, on random records: any value, missing fields, unlisted codes,
/// deletions, fields in conflict and several cohorts, with no validator in the way.
struct ReportAgreementTests {
    let replica: PlacementReplica

    init() throws {
        let fixture = try RecordsFixture()
        replica = PlacementReplica(store: try fixture.replicas.make("central", scope: .central))
        var random = SplitMix64(seed: 20_250_831)
        var other = SplitMix64(seed: 20_261_130)
        var live: [RecordID] = []
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
            // The fields a destination needs, drawn apart so the values above stay those of the same seed.
            let needed: [String: [FieldValue?]] = [
                "employer_name": ["某公司", "", absent],
                "employer_uscc": ["91350200MA2Y0ABC12", .null, absent],
                "employer_country": ["中国", "美国", absent],
                "study_institution": ["厦门大学", absent],
                "study_country": ["美国", absent],
            ]
            for (name, values) in needed.sorted(by: { $0.key < $1.key }) {
                fields[name] = values[Int(other.next() % UInt64(values.count))]
            }
            try replica.store.write(id, fields: fields, mode: .create, author: "test")
            if random.next() % 10 == 0 { try replica.store.delete(id, author: "test") } else { live.append(id) }
        }
        // Concurrent edits of the same fields on a second copy: conflicted fields, in live records and in two
        // records deleted afterwards.
        let twin = try fixture.replicas.make("central-2", scope: .central)
        try ReplicaExchange.sync(replica.store, twin)
        let edited = stride(from: 0, to: live.count, by: 20).map { live[$0] }
        for id in edited {
            try replica.store.write(id, fields: ["name": "甲"], mode: .update, author: "test")
            try twin.write(id, fields: ["name": "乙"], mode: .update, author: "test")
        }
        try ReplicaExchange.sync(replica.store, twin)
        for id in edited.prefix(2) { try replica.store.delete(id, author: "test") }
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

    @Test(arguments: [nil, 2025])
    func graduatesLackingNeededFieldsAreCountedAsOverEveryRecord(cohort: Int?) throws {
        let lacking = try loaded(cohort).filter { record in
            guard let destination = record.destination() else { return false }
            return DestinationFields.needed(by: destination, in: record.fields).contains { (record.fields[$0] ?? .null).isNull }
        }
        #expect(lacking.count > 10, "the random roster lacks needed fields often enough to mean something")
        #expect(try replica.graduatesLackingNeededFields(cohort: cohort) == lacking.count)
        let split = try replica.graduateGroupsLackingNeededFields(reading: PlacementReport.fieldsRead(by: .major), cohort: cohort)
        #expect(split.filter(\.lacking).reduce(0) { $0 + $1.group.count } == lacking.count)
        #expect(PlacementReport.make(groups: split.map(\.group), by: .major) == PlacementReport.make(try loaded(cohort), by: .major))
    }

    @Test func conflictedGraduatesAreCountedAsOverEveryRecord() throws {
        let conflicted = try replica.graduateStates().filter { !$0.conflictedFields.isEmpty }
        #expect(conflicted.count > 5)
        #expect(try replica.graduateStates(includeDeleted: true).filter { $0.isDeleted && !$0.conflictedFields.isEmpty }.count >= 2)
        #expect(try replica.conflictedGraduateCount() == conflicted.count)
    }

    @Test(arguments: [false, true])
    func recordsReadForSomeFieldsAreTheWholeRecordsCutToThem(includeDeleted: Bool) throws {
        let fields = ["destination_code", "key_groups", "name"]
        let whole = try replica.graduateStates(includeDeleted: includeDeleted)
        let cut = whole.map { state in
            RecordState(id: state.id, fields: state.fields.filter { fields.contains($0.key) }, conflictedFields: state.conflictedFields,
                        isDeleted: state.isDeleted)
        }
        #expect(try replica.graduateStates(includeDeleted: includeDeleted, reading: fields) == cut)
        #expect(try replica.graduateStates(whole.suffix(7).map(\.id)) == Array(whole.suffix(7)))
    }

    @Test func theAssistanceReportReadsOnlyTheFieldsItNames() throws {
        let day = try #require(CalendarDate("2025-06-30"))
        let cut = try replica.graduateStates(reading: AssistanceReport.fieldsRead).map(\.graduate).filter(\.isKeyGroup)
        #expect(cut.count > 20)
        let holding = try replica.graduateStates(holding: "key_groups", reading: AssistanceReport.fieldsRead)
        let live = try replica.graduateStates().filter { $0.fields["key_groups"] != nil }
        #expect(holding == live.map { state in
            RecordState(id: state.id, fields: state.fields.filter { AssistanceReport.fieldsRead.contains($0.key) },
                        conflictedFields: state.conflictedFields, isDeleted: false)
        })
        #expect(AssistanceReport.make(keyGroup: cut, university: [], ledger: [], asOf: day)
                == AssistanceReport.make(keyGroup: try replica.graduates(), university: [], ledger: [], asOf: day))
    }

    @Test func cohortsAreTheYearsHeldAmongLiveGraduates() throws {
        #expect(try replica.cohorts() == [2023, 2024, 2025])
        #expect(try replica.graduateCount() == (try loaded(nil)).count)
    }
}
