import GradSyncCore
import GradSyncPlacement
import GradSyncRecords

/// What a dashboard page counts from: the records layer, the cohort shown and the department directory.
///
/// Nothing is read up front but the directory and the cohorts held: each page asks the records layer for the grouped
/// counts (or the page of a list) it shows, so no page holds a record per graduate.
struct DashboardData: Sendable {
    let replica: PlacementReplica
    let departments: DepartmentDirectory
    /// Today in Beijing time by the replica's wall clock: ledger entries dated later do not count.
    let today: CalendarDate
    /// The cohort (毕业年份) the page counts: the one asked for, else the latest held; nil when no graduate is held.
    let cohort: Int?
    /// Every cohort held, oldest first, for the selector.
    let cohorts: [Int]
    /// Another cohort whose figures the page shows beside this one's, when asked for.
    var comparison: Int? = nil
    /// The copy the page counts from when it is as of a past day (`?as_of=2024-08-31`), kept alive while the page is built.
    var snapshot: PlacementSnapshot? = nil
    /// The cohort parameters the request gave (`&grad_year=2024&compare_with=2023`), for links that count the same.
    var query = ""

    /// Reads the directory and the cohorts; `cohort` is the one the request asks for. With `asOf`, the page counts what
    /// the node had received by the end of that day (Beijing time), and ledger entries dated up to that day.
    static func load(from current: PlacementReplica, cohort: Int? = nil, asOf day: CalendarDate? = nil) throws -> DashboardData {
        let snapshot = try day.map { try PlacementSnapshot(of: current, asOf: $0) }
        let replica = snapshot?.replica ?? current
        let cohorts = try replica.cohorts()
        return DashboardData(replica: replica, departments: try replica.departmentDirectory(), today: day ?? replica.today,
                             cohort: cohort ?? cohorts.last, cohorts: cohorts, snapshot: snapshot)
    }

    /// The cohort's graduates (of one department, or all) counted by the values of `fields`.
    func groups(_ fields: [String], department: String? = nil) throws -> [GraduateGroup] {
        try replica.graduateGroups(reading: fields, department: department.map { try Scope.department($0) }, cohort: cohort)
    }

    /// The selector for this page's cohort and comparison.
    var selector: CohortSelector {
        CohortSelector(cohorts: cohorts, cohort: cohort, comparison: comparison, asOf: snapshot?.day)
    }

    /// The comparison cohort's graduates counted by the values of `fields`, nil when no comparison is asked for.
    func comparisonGroups(_ fields: [String], department: String? = nil) throws -> [GraduateGroup]? {
        guard let comparison else { return nil }
        return try replica.graduateGroups(reading: fields, department: department.map { try Scope.department($0) }, cohort: comparison)
    }

    /// Whether the department is known: named in the directory or holding graduates.
    func knows(department code: String) throws -> Bool {
        try departments.names[code] != nil || replica.graduateCount(department: Scope.department(code)) > 0
    }
}
