import GradSyncCore
import GradSyncPlacement
import GradSyncRecords

/// What the dashboard's report pages read from the store: live graduates, ledger entries and the department directory.
struct DashboardData: Sendable {
    let graduates: [GraduateRecord]
    let ledger: [LedgerEntry]
    let departments: DepartmentDirectory
    /// Today in Beijing time by the replica's wall clock: ledger entries dated later do not count.
    let today: CalendarDate

    /// Reads the current state; deleted records are left out.
    static func load(from replica: PlacementReplica) throws -> DashboardData {
        DashboardData(graduates: try replica.graduates(), ledger: try replica.ledgerEntries(),
                      departments: try replica.departmentDirectory(), today: replica.today)
    }

    /// Whether the department is known: named in the directory or holding graduates.
    func knows(department code: String) -> Bool {
        departments.names[code] != nil || graduates.contains { $0.department == code }
    }
}
