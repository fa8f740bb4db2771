import GRDB
import GradSyncCore
@testable import GradSyncStore
import GradSyncTesting
import Testing

/// Counts of one cohort, and the list of cohorts, start from the partial index of the cohort field (migration
/// "v7-cohort-index") rather than a pass over every field of every record; the figures stay those of the full pass.
@Suite struct CohortIndexTests {
    static func plan(_ store: ReplicaStore, _ sql: String, _ arguments: StatementArguments) throws -> [String] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    @Test func oneCohortsCountsAndItsListingUseTheCohortIndex() throws {
        let replicas = try TestReplicas()
        defer { withExtendedLifetime(replicas) {} }
        let store = try replicas.make("central", scope: .central)
        let (sql, arguments) = ReplicaStore.groupedCountSQL(collection: "graduate", scope: nil, fields: ["destination_code"],
                                                            matching: ["grad_year": .integer(2024)])
        let counts = try Self.plan(store, sql, arguments)
        #expect(counts.contains { $0.contains("gs_field_cohort") }, "plan: \(counts)")
        let (idSQL, idArguments) = ReplicaStore.groupedCountSQL(collection: "graduate", scope: try .department("AUTO"), fields: [],
                                                      matching: ["grad_year": .integer(2024), "gender": .string("1")])
        let withScope = try Self.plan(store, idSQL, idArguments)
        #expect(withScope.contains { $0.contains("gs_field_cohort") }, "the cohort drives whatever else is matched; plan: \(withScope)")
    }

    @Test func theCohortsHeldAreThoseOfLiveRecordsOfTheScopeAsked() throws {
        let replicas = try TestReplicas()
        defer { withExtendedLifetime(replicas) {} }
        let store = try replicas.make("central", scope: .central)
        let years: [(String, String, Int64)] = [("AUTO", "A1", 2023), ("AUTO", "A2", 2024), ("CS", "C1", 2022), ("CS", "C2", 2025)]
        for (department, key, year) in years {
            try store.write(.graduate(key, in: department), fields: ["grad_year": .integer(year)], mode: .upsert, author: "t")
        }
        try store.write(.graduate("N1", in: "CS"), fields: ["name": .string("no year")], mode: .upsert, author: "t")
        _ = try store.delete(.graduate("C2", in: "CS"), author: "t")
        #expect(try store.liveFieldValues(collection: "graduate", field: "grad_year") == [.integer(2022), .integer(2023), .integer(2024)])
        #expect(try store.liveFieldValues(collection: "graduate", scope: .department("AUTO"), field: "grad_year") == [.integer(2023), .integer(2024)])
        // The grouped counts of one cohort agree with the full pass they replaced: group every record by year, keep one.
        let driven = try store.liveRecordCounts(collection: "graduate", groupingBy: ["name"], matching: ["grad_year": .integer(2024)])
        #expect(driven == [FieldValueCount(scope: try .department("AUTO"), values: [nil], count: 1)])
        let all = try store.liveRecordCounts(collection: "graduate", groupingBy: ["grad_year"])
        #expect(all.map(\.count).reduce(0, +) == 4, "C2 is deleted; N1 counts with no year")
    }
}
