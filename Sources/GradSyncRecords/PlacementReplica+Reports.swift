import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// A page of a list report: the graduates shown and how many the whole list holds.
public struct GraduatePage: Sendable, Equatable {
    /// The graduates of the page, sorted by department, then student number.
    public var graduates: [GraduateRecord]
    /// How many graduates the whole list holds.
    public var total: Int
}

extension PlacementReplica {
    /// Live graduates counted by department and the values of `fields`, by one SQL aggregate: what every report
    /// counts from, so that no report holds a record per graduate.
    ///
    /// `cohort` keeps one 毕业年份 (届); `department` one department.
    public func graduateGroups(reading fields: [String], department scope: Scope? = nil, cohort: Int? = nil) throws -> [GraduateGroup] {
        let unique = Array(Set(fields)).sorted()
        return try store.liveRecordCounts(collection: GraduateSchema.collection, scope: scope, groupingBy: unique,
                                          matching: Self.cohortCondition(cohort)).map { row in
            var values: [String: FieldValue] = [:]
            for (name, value) in zip(unique, row.values) where value != nil { values[name] = value }
            return GraduateGroup(department: row.scope.name, fields: values, count: row.count)
        }
    }

    /// The cohorts (毕业年份) held among live graduates, oldest first.
    public func cohorts(department scope: Scope? = nil) throws -> [Int] {
        try store.liveFieldValues(collection: GraduateSchema.collection, scope: scope, field: "grad_year")
            .compactMap { $0.integerValue.map(Int.init) }
            .reduce(into: Set<Int>()) { $0.insert($1) }.sorted()
    }

    /// A page of the live graduates without a counted destination (70 and its sub-codes, 71, 72, an unlisted code or
    /// none), sorted by department and student number; only the page's records are read.
    public func unplacedGraduates(department scope: Scope? = nil, cohort: Int? = nil, limit: Int? = nil,
                                  offset: Int = 0) throws -> GraduatePage {
        let codes = try graduateGroups(reading: ["destination_code"], department: scope, cohort: cohort)
        let unplaced = codes.filter { !$0.record.isPlaced() }
        let values = Array(Set(unplaced.map { $0.record.fields["destination_code"] }))
        let total = unplaced.reduce(0) { $0 + $1.count }
        return GraduatePage(graduates: try graduatesWhere("destination_code", in: values, department: scope, cohort: cohort,
                                                           limit: limit, offset: offset), total: total)
    }

    /// The live key-group graduates (sensitive), whole records: the assistance report's rows.
    public func keyGroupGraduates(department scope: Scope? = nil, cohort: Int? = nil) throws -> [GraduateRecord] {
        let groups = try graduateGroups(reading: ["key_groups"], department: scope, cohort: cohort)
        let values = Array(Set(groups.filter(\.record.isKeyGroup).map { $0.record.fields["key_groups"] }))
        return try graduatesWhere("key_groups", in: values, department: scope, cohort: cohort)
    }

    private func graduatesWhere(_ field: String, in values: [FieldValue?], department scope: Scope?, cohort: Int?,
                                limit: Int? = nil, offset: Int = 0) throws -> [GraduateRecord] {
        let ids = try store.liveRecordIDs(collection: GraduateSchema.collection, scope: scope, field: field, values: values,
                                          matching: Self.cohortCondition(cohort), limit: limit, offset: offset)
        return try store.records(ids).map(\.graduate)
    }

    static func cohortCondition(_ cohort: Int?) -> [String: FieldValue] {
        cohort.map { ["grad_year": .integer(Int64($0))] } ?? [:]
    }

    /// The number of live graduates whose destination needs a field they lack (`DestinationFields.needed`), counted
    /// by one SQL aggregate over the destination, the employer's country and whether each needed field is held.
    public func graduatesLackingNeededFields(department scope: Scope? = nil, cohort: Int? = nil) throws -> Int {
        try graduateGroupsLackingNeededFields(reading: [], department: scope, cohort: cohort)
            .filter(\.lacking).reduce(0) { $0 + $1.group.count }
    }

    /// Live graduates counted by department and the values of `fields`, each group also split by whether its
    /// graduates lack a field their destination needs: a report's groups and the lacking count from one SQL aggregate.
    ///
    /// The groups show `destination_code` and `employer_country` beside `fields`; several may show the same values.
    public func graduateGroupsLackingNeededFields(reading fields: [String], department scope: Scope? = nil,
                                                  cohort: Int? = nil) throws -> [(group: GraduateGroup, lacking: Bool)] {
        let grouped = Array(Set(fields + ["destination_code", "employer_country"])).sorted()
        let rows = try store.liveRecordCounts(collection: GraduateSchema.collection, scope: scope, groupingBy: grouped,
                                              presence: Self.neededSomewhere, matching: Self.cohortCondition(cohort))
        return rows.map { row in
            var values: [String: FieldValue] = [:]
            for (name, value) in zip(grouped, row.values) where value != nil { values[name] = value }
            let group = GraduateGroup(department: row.scope.name, fields: values, count: row.count)
            guard let destination = group.record.destination() else { return (group, false) }
            let held = Dictionary(uniqueKeysWithValues: zip(Self.neededSomewhere, row.present))
            return (group, DestinationFields.needed(by: destination, in: values).contains { held[$0] != true })
        }
    }

    /// The fields some listed destination needs: only their presence decides whether a record lacks one (each
    /// costs the count a lookup per record, so the dependent fields no destination needs are not read).
    static let neededSomewhere: [String] = {
        var needed = Set<String>()
        for entry in CodeSet.latest.destination.entries {
            guard let destination = Destination(entry.code) else { continue }
            needed.formUnion(DestinationFields.needed(by: destination, in: [:]))
        }
        return DestinationFields.dependent.filter(needed.contains)
    }()

    /// The number of live graduates with a field in conflict, counted in SQL.
    public func conflictedGraduateCount(department scope: Scope? = nil) throws -> Int {
        try store.liveConflictedRecordCount(collection: GraduateSchema.collection, scope: scope)
    }

    /// The number of live graduates of a department (or of all), counted in SQL.
    public func graduateCount(department scope: Scope? = nil) throws -> Int {
        try store.liveRecordCounts(collection: GraduateSchema.collection, scope: scope, groupingBy: []).reduce(0) { $0 + $1.count }
    }
}

extension PlacementReplica {
    /// Visits each live graduate of a department (or all) and cohort (or all), by department and student number,
    /// one at a time: for checks that must see every record without holding them all.
    public func forEachGraduate(department scope: Scope? = nil, cohort: Int? = nil, _ body: (GraduateRecord) throws -> Void) throws {
        try store.forEachLiveRecord(collection: GraduateSchema.collection, scope: scope, matching: Self.cohortCondition(cohort)) {
            try body($0.graduate)
        }
    }
}
