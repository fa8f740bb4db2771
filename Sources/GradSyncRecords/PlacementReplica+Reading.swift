import GradSyncCore
import GradSyncPlacement
import GradSyncStore

extension PlacementReplica {
    /// The department a request names, checked against what this replica holds; nil when none is named.
    ///
    /// A department replica accepts only its own code.
    public func department(_ code: String?) throws -> Scope? {
        guard let code else { return nil }
        let scope: Scope
        do { scope = try Scope.department(code) } catch { throw RecordsError.ambiguous(error.description) }
        if let own = ownDepartment, own != scope {
            throw RecordsError.ambiguous(Messages.otherDepartment(own: own.name, asked: code))
        }
        return scope
    }

    /// Every department scope this replica holds changes of (`shared` excluded).
    public func departmentScopes() throws -> [Scope] {
        if let own = ownDepartment { return [own] }
        return Self.departments(in: Set(try store.versionVector().entries.keys.map(\.scope)))
    }

    static func departments(in scopes: Set<Scope>) -> [Scope] {
        scopes.filter { !$0.isShared }.sorted()
    }

    /// The graduate a request names: in `department` when given, else wherever the student number is.
    ///
    /// On the central node a student number live in two departments needs the department; a number found
    /// nowhere is refused. Deleted records are found too; writes that need a live record refuse them.
    public func graduate(_ studentNumber: String, department code: String? = nil) throws -> RecordState {
        try findGraduate(studentNumber, department: code, in: store)
    }

    /// The graduate a request names, as `graduate` finds it, and its history, as `history` gives it.
    ///
    /// On a department replica (the number names one record) both come from one read of the store; the central
    /// node finds the record first, then reads its history.
    public func graduateWithHistory(_ studentNumber: String, department code: String? = nil) throws -> (record: RecordState, history: [HistoryEntry]) {
        guard let scope = try department(code) ?? ownDepartment else {
            let record = try graduate(studentNumber, department: code)
            return (record, try history(of: record.id))
        }
        let id = RecordID(scope: scope, collection: GraduateSchema.collection, key: studentNumber)
        guard let found = try store.recordWithHistory(id) else { throw StoreError.recordNotFound(id) }
        return found
    }

    /// The same lookup through any reader: inside a write transaction, a write checks and changes the record it found.
    func findGraduate(_ studentNumber: String, department code: String?, in transaction: some RecordReader) throws -> RecordState {
        if let scope = try department(code) ?? ownDepartment {
            let id = RecordID(scope: scope, collection: GraduateSchema.collection, key: studentNumber)
            guard let record = try transaction.record(id) else { throw StoreError.recordNotFound(id) }
            return record
        }
        let found = try records(key: studentNumber, in: transaction)
        let live = found.filter { !$0.isDeleted }
        let candidates = live.isEmpty ? found : live
        guard let first = candidates.first else {
            throw RecordsError.refused(Messages.noGraduate(studentNumber))
        }
        guard candidates.count == 1 else {
            let departments = candidates.map(\.id.scope.name).joined(separator: ", ")
            throw RecordsError.ambiguous(Messages.inSeveralDepartments(studentNumber, deleted: live.isEmpty, departments: departments))
        }
        return first
    }

    /// The records with this key in every department held (or in `scopes`, when the caller read them once for
    /// many keys), deleted ones included.
    func records(key: String, collection: String = GraduateSchema.collection, in transaction: some RecordReader,
                 scopes: [Scope]? = nil) throws -> [RecordState] {
        let scopes = try scopes ?? departmentsHeld(in: transaction)
        return try scopes.compactMap { scope in
            try transaction.record(RecordID(scope: scope, collection: collection, key: key))
        }
    }

    /// The departments a reader holds records of: this replica's own, or on the central node every one its vector names.
    func departmentsHeld(in transaction: some RecordReader) throws -> [Scope] {
        try ownDepartment.map { [$0] } ?? Self.departments(in: transaction.heldScopes())
    }

    /// The other departments where a student number is live (only the central node holds several).
    func otherLiveDepartments(of record: RecordID, in transaction: some RecordReader, scopes: [Scope]? = nil) throws -> [String] {
        guard ownDepartment == nil else { return [] }
        return try records(key: record.key, collection: record.collection, in: transaction, scopes: scopes)
            .filter { !$0.isDeleted && $0.id.scope != record.scope }.map(\.id.scope.name)
    }

    /// The graduates of one department or of all, as the store shows them (deleted ones only when asked).
    public func graduateStates(department scope: Scope? = nil, includeDeleted: Bool = false) throws -> [RecordState] {
        try store.records(collection: GraduateSchema.collection, scope: scope, includeDeleted: includeDeleted)
            .filter { !$0.id.scope.isShared }
    }

    /// The graduates of one department or of all showing only `fields` (with their conflicted fields and deletion):
    /// what a list filters and sorts by, read without decoding every field of every record.
    public func graduateStates(department scope: Scope? = nil, includeDeleted: Bool = false, reading fields: [String]) throws -> [RecordState] {
        try store.records(collection: GraduateSchema.collection, scope: scope, includeDeleted: includeDeleted, reading: fields)
    }

    /// The live graduates of one department or of all that hold `field`, showing only it and `fields` (with their
    /// conflicted fields): the few graduates with a key group, found without a lookup per graduate.
    public func graduateStates(department scope: Scope? = nil, holding field: String, reading fields: [String]) throws -> [RecordState] {
        try store.liveRecords(collection: GraduateSchema.collection, scope: scope, holding: field, reading: fields)
    }

    /// The records named, whole and as shown, in one read (in the order named; ids never written left out).
    public func graduateStates(_ ids: [RecordID]) throws -> [RecordState] {
        try store.records(ids)
    }

    /// The live graduates of one department or of all, as the placement reports read them.
    public func graduates(department scope: Scope? = nil) throws -> [GraduateRecord] {
        try graduateStates(department: scope).map(\.graduate)
    }

    /// The live ledger entries of one department or of all, as the store shows them (with their keys).
    public func ledgerStates(department scope: Scope? = nil) throws -> [RecordState] {
        try store.records(collection: LedgerSchema.collection, scope: scope)
    }

    /// The live ledger entries of one department or of all, as the placement reports read them.
    public func ledgerEntries(department scope: Scope? = nil) throws -> [LedgerEntry] {
        try ledgerStates(department: scope).map(\.ledgerEntry)
    }

    /// The other departments where a graduate's student number is live (only the central node holds several).
    public func otherLiveDepartments(of record: RecordID) throws -> [String] {
        try otherLiveDepartments(of: record, in: store)
    }

    /// The heads of one field of a record, the shown one first (several when it is in conflict).
    public func heads(of record: RecordID, field: String) throws -> [Change] {
        try store.heads(record, field: field)
    }

    /// Who changed what, when, in a graduate's record (or one field of it), oldest first.
    public func history(of record: RecordID, field: String? = nil) throws -> [HistoryEntry] {
        try store.history(record, field: field)
    }

    /// A department's log as evidence: its streams, the signed tips held of them and the keys of their writers
    /// (protocol/SPEC.md section 5.4).
    public func auditLog(of department: Scope) throws -> AuditLog {
        try store.auditLog(of: department)
    }

    /// What proves each history entry to be its origin's (signed stream tips, protocol/SPEC.md section 5.3), by change id.
    public func proofs(of entries: [HistoryEntry]) throws -> [ChangeID: ChangeProof] {
        try store.proofs(of: entries.map(\.change))
    }

    /// The conflict journal: fields edited concurrently and records deleted while edited.
    public func conflicts() throws -> [ConflictEntry] {
        try store.conflicts()
    }

    /// A page of the conflict journal, `limit` entries from `offset`, and how many entries the journal has.
    public func conflicts(limit: Int, offset: Int) throws -> (entries: [ConflictEntry], total: Int) {
        try store.conflicts(limit: limit, offset: offset)
    }

    /// A page of the conflict journal (every entry when `limit` is nil), how many entries it has, and the department
    /// directory that names their departments, read together (one trip to a reader connection).
    public func conflictsWithDirectory(limit: Int?, offset: Int) throws
        -> (entries: [ConflictEntry], total: Int, departments: DepartmentDirectory) {
        let read = try store.conflicts(limit: limit, offset: offset, withRecordsOf: DepartmentDirectory.collection, scope: .shared)
        return (read.entries, read.total, Self.directory(from: read.records))
    }
}

extension RecordState {
    /// The record as the placement module reads a graduate.
    public var graduate: GraduateRecord {
        GraduateRecord(department: id.scope.name, studentNumber: id.key, fields: fields)
    }

    /// The record as the placement module reads a ledger entry.
    public var ledgerEntry: LedgerEntry {
        LedgerEntry(department: id.scope.name, fields: fields, key: id.key)
    }
}

extension PlacementReplica {
    /// Graduates (deleted ones too) whose stored `department` field names another department than their scope.
    ///
    /// Writes refuse such a value on every path; this finds any that arrived before they did, for `verify`.
    public func departmentMismatches() throws -> [RecordID] {
        try graduateStates(includeDeleted: true).filter { state in
            guard let value = state.fields["department"] else { return false }
            do { try GraduateValidator.checkDepartment(value, of: state.id.scope) } catch { return true }
            return false
        }.map(\.id)
    }
}
