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

    /// A graduate employed by a domestic employer, with every field destination 10 uses.
    static let employed: [String: FieldValue] = graduate.merging([
        "destination_code": .string("10"), "employer_name": .string("福州智控科技有限公司"), "employer_uscc": .string("91350100M000100Y43"),
        "employer_nature": .string("39"), "employer_industry": .string("34"), "employer_region": .string("350100"),
        "job_category": .string("13"), "sign_date": .string("2025-06-01"),
    ]) { $1 }
}

extension FieldValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
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
