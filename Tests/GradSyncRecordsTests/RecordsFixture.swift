import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Synchronization

/// Replicas for the records layer's tests: real SQLite files, the placement validator, a manual clock.
struct RecordsFixture {
    let replicas: TestReplicas
    /// Counts the store's per-change validations, to show a record is validated once per write.
    let counter = CountingValidator()

    init() throws { replicas = try TestReplicas() }

    /// A department replica of `code`.
    func department(_ code: String, name: String? = nil) throws -> PlacementReplica {
        PlacementReplica(store: try replicas.make(name ?? code, scope: .department(try Scope.department(code)), validator: counter))
    }

    /// The central node's replica, with `departments` in its directory.
    func central(departments: [String: String] = ["CS": "计算机学院", "AUTO": "自动化学院"]) throws -> PlacementReplica {
        let replica = PlacementReplica(store: try replicas.make("central", scope: .central, validator: counter))
        for (code, name) in departments { try replica.setDepartmentName(code, name: name, author: "office") }
        return replica
    }

    /// A graduate with every required field, unplaced.
    static let graduate: [String: FieldValue] = [
        "name": .string("张三"), "gender": .string("1"), "degree_level": .string("本科"), "grad_year": .integer(2025),
    ]
}

/// The placement validator, counting how many changes it checks.
final class CountingValidator: ChangeValidator {
    private let inner = PlacementValidator()
    private let count = Atomic<Int>(0)

    /// Changes checked so far.
    var checked: Int { count.load(ordering: .relaxed) }

    func validate(_ change: Change) throws(ValidationError) {
        count.add(1, ordering: .relaxed)
        try inner.validate(change)
    }
}
