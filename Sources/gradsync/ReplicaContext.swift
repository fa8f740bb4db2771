import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// An opened replica and the questions the record commands ask of it: which department a command
/// means, and in which department a student number lives.
struct ReplicaContext {
    /// The replica's store, opened with the placement validator.
    let store: ReplicaStore

    /// Opens the replica of `--home`.
    init(_ options: HomeOptions) throws {
        store = try options.replicaHome.openStore()
    }

    /// The replica's own department, or nil on the central node.
    var ownDepartment: Scope? {
        if case .department(let own) = store.scope { return own }
        return nil
    }

    /// The department a `--department` option names, checked against what this replica holds.
    ///
    /// nil when the option is absent. A department replica accepts only its own code.
    func department(_ option: String?) throws -> Scope? {
        guard let option else { return nil }
        let scope: Scope
        do { scope = try Scope.department(option) } catch { throw CLIError.usage(error.description) }
        if let own = ownDepartment, own != scope {
            throw CLIError.usage("this replica holds department \(own) only; --department \(option) is not here")
        }
        return scope
    }

    /// The department new records go into: the replica's own, or `--department` (required) on the central node.
    ///
    /// On the central node the department must be in the department directory, as roster imports require.
    func departmentForNewRecord(_ option: String?) throws -> Scope {
        if let own = ownDepartment {
            return try department(option) ?? own
        }
        guard let scope = try department(option) else {
            throw CLIError.usage("the central node holds every department: give --department CODE")
        }
        let directory = try departmentDirectory()
        guard directory.names[scope.name] != nil else {
            throw CLIError.refused("department \(scope) is not in the department directory; add it with 'gradsync department set \(scope) NAME'")
        }
        return scope
    }

    /// The university's department directory, from the shared scope (collection `department`, field `name`).
    func departmentDirectory() throws -> DepartmentDirectory {
        var names: [String: String] = [:]
        for record in try store.records(collection: DepartmentDirectory.collection, scope: .shared) {
            if let name = record.fields["name"]?.stringValue { names[record.id.key] = name }
        }
        return DepartmentDirectory(names)
    }

    /// Every department scope this replica holds changes of (`shared` excluded).
    func departmentScopes() throws -> [Scope] {
        if let own = ownDepartment { return [own] }
        return Set(try store.versionVector().entries.keys.map(\.scope)).filter { !$0.isShared }.sorted()
    }

    /// The records with this key in every department held, deleted ones included.
    func records(key: String, collection: String = GraduateSchema.collection) throws -> [RecordState] {
        try departmentScopes().compactMap { scope in
            try store.record(RecordID(scope: scope, collection: collection, key: key))
        }
    }

    /// The graduate a command names: in `--department` when given, else wherever the student number is.
    ///
    /// On the central node a student number live in two departments needs `--department` (exit 2);
    /// a number found nowhere is refused (exit 5). Deleted records are found too; callers that need a
    /// live record let the store refuse the write.
    func graduate(_ studentNumber: String, department option: String?) throws -> RecordState {
        if let scope = try department(option) ?? ownDepartment {
            let id = RecordID(scope: scope, collection: GraduateSchema.collection, key: studentNumber)
            guard let record = try store.record(id) else { throw StoreError.recordNotFound(id) }
            return record
        }
        let found = try records(key: studentNumber)
        let live = found.filter { !$0.isDeleted }
        let candidates = live.isEmpty ? found : live
        guard let first = candidates.first else {
            throw CLIError.refused("no graduate \(studentNumber) on this replica")
        }
        guard candidates.count == 1 else {
            let departments = candidates.map(\.id.scope.name).joined(separator: ", ")
            let state = live.isEmpty ? "deleted" : "live"
            throw CLIError.usage("student number \(studentNumber) is \(state) in several departments (\(departments)): give --department CODE")
        }
        return first
    }

    /// The other departments where a student number is live, for the central node's review.
    func otherLiveDepartments(of record: RecordID) throws -> [String] {
        guard ownDepartment == nil else { return [] }
        return try records(key: record.key, collection: record.collection)
            .filter { !$0.isDeleted && $0.id.scope != record.scope }.map(\.id.scope.name)
    }

    /// The graduates of one department or of all, as the placement module reads them.
    func graduates(department scope: Scope?, includeDeleted: Bool = false) throws -> [RecordState] {
        try store.records(collection: GraduateSchema.collection, scope: scope, includeDeleted: includeDeleted)
    }
}

extension DepartmentDirectory {
    /// The collection of the directory's records in the shared scope: key = code, field `name`.
    static let collection = "department"
}

extension RecordState {
    /// The record as the placement module reads a graduate.
    var graduate: GraduateRecord {
        GraduateRecord(department: id.scope.name, studentNumber: id.key, fields: fields)
    }
}
