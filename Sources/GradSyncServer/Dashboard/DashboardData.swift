import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// What the dashboard's report pages read from the store: live graduates, ledger entries and the department directory.
struct DashboardData: Sendable {
    let graduates: [GraduateRecord]
    let ledger: [LedgerEntry]
    let departments: DepartmentDirectory

    /// Reads the current state; deleted records are left out.
    static func load(from store: ReplicaStore) throws -> DashboardData {
        let graduates = try store.records(collection: GraduateSchema.collection).compactMap { state -> GraduateRecord? in
            guard !state.id.scope.isShared else { return nil }
            return GraduateRecord(department: state.id.scope.name, studentNumber: state.id.key, fields: state.fields)
        }
        let ledger = try store.records(collection: LedgerSchema.collection).map { state in
            LedgerEntry(department: state.id.scope.name, fields: state.fields)
        }
        var names: [String: String] = [:]
        for state in try store.records(collection: "department", scope: .shared) {
            if let name = state.fields["name"]?.stringValue, !name.isEmpty { names[state.id.key] = name }
        }
        return DashboardData(graduates: graduates, ledger: ledger, departments: DepartmentDirectory(names))
    }

    /// Whether the department is known: named in the directory or holding graduates.
    func knows(department code: String) -> Bool {
        departments.names[code] != nil || graduates.contains { $0.department == code }
    }
}
