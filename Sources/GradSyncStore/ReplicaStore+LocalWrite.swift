import GRDB
import GradSyncCore

/// How a local write treats a record that does or does not exist yet.
public enum WriteMode: Sendable {
    /// The record must not exist yet.
    case create
    /// The record must exist.
    case update
    /// Either.
    case upsert
}

extension ReplicaStore {
    /// Sets several fields of one record in one transaction: one change per field whose value changes.
    ///
    /// A field is left alone only when it has a single head with an equal value, so writing the shown
    /// value of a conflicted field still writes (and resolves the conflict). Returns the changes written.
    @discardableResult
    public func write(_ record: RecordID, fields: [String: FieldValue], mode: WriteMode, author: String) throws -> [Change] {
        try transaction(author: author) { transaction in try transaction.write(record, fields: fields, mode: mode) }
    }

    /// The body of `write`, inside the caller's transaction; `prevalidated` skips the per-change validator
    /// for a caller that checked every field with the same rules (see `StoreTransaction.write`).
    func writeFields(_ db: Database, record: RecordID, fields: [String: FieldValue], mode: WriteMode, author: String,
                     prevalidated: Bool = false) throws -> [Change] {
        try checkWritable(record)
        let state = try recordPresence(db, record)
        switch (mode, state) {
        case (_, .deleted): throw StoreError.recordDeleted(record)
        case (.create, .live): throw StoreError.recordExists(record)
        case (.update, .absent): throw StoreError.recordNotFound(record)
        default: break
        }
        var writes: [(field: String, value: FieldValue, heads: [HeadRow])] = []
        for field in fields.keys.sorted() {
            let value = fields[field]!
            let heads = try loadHeads(db, record: record, field: field)
            if MergeRule.writeIsNoOp(heads, value: CanonicalBytes.text(value)) { continue }
            writes.append((field, value, heads))
        }
        guard !writes.isEmpty else { return [] }
        var counts: [RecordID: Int] = [:]
        try admitFields(db, record, adding: writes.filter { $0.heads.isEmpty }.map(\.field), limit: RecordLimits.maximumFields,
                        counts: &counts)
        var stamping = try beginLocalWrites(db, scope: record.scope)
        let changes = try writes.map { write in
            try writeLocalChange(db, record: record, field: write.field, value: write.value,
                                 heads: write.heads, seen: [], author: author, stamping: &stamping, prevalidated: prevalidated)
        }
        try finishLocalWrites(db, scope: record.scope, stamping)
        return changes
    }

    /// Deletes a record: a tombstone change carrying the heads of every field it saw. Reversible by `restore`.
    @discardableResult
    public func delete(_ record: RecordID, author: String) throws -> Change {
        try transaction(author: author) { transaction in try transaction.delete(record) }
    }

    /// Writes a delete that supersedes the tombstone's heads and has seen every field head held now.
    func writeTombstone(_ db: Database, record: RecordID, author: String) throws -> Change {
        let fieldRows = try Row.fetchAll(db.cachedStatement(sql: StoreSchema.otherFieldHeadsSQL),
                                         arguments: [record.scope.name, record.collection, record.key])
        let seen = try changeIDs(db, rowIDs: fieldRows.flatMap { Self.decodeRowIDs($0[1]) }).sorted()
        let heads = try loadHeads(db, record: record, field: Change.tombstoneField)
        return try writeLocalChange(db, record: record, field: Change.tombstoneField, value: Change.deletedValue,
                                    heads: heads, seen: seen, author: author)
    }

    /// Restores a deleted record; its fields come back as they were.
    @discardableResult
    public func restore(_ record: RecordID, author: String) throws -> Change {
        try transaction(author: author) { transaction in try transaction.restore(record) }
    }

    /// Writes a restore that supersedes the tombstone's heads.
    func writeRestore(_ db: Database, record: RecordID, author: String) throws -> Change {
        let heads = try loadHeads(db, record: record, field: Change.tombstoneField)
        return try writeLocalChange(db, record: record, field: Change.tombstoneField, value: Change.restoredValue,
                                    heads: heads, seen: [], author: author)
    }

    func checkWritable(_ record: RecordID) throws {
        guard scope.mayWrite(record.scope) else { throw StoreError.outOfScope(scope: record.scope, allowed: scope) }
    }

    /// Whether a record has never been written, is live, or is deleted (its shown tombstone says so).
    enum Presence { case absent, live, deleted }

    /// Refuses the operation unless the record is live (or deleted, as asked), with the error a person can act on.
    func requirePresence(_ db: Database, _ record: RecordID, _ wanted: Presence) throws {
        let presence = try recordPresence(db, record)
        guard presence != wanted else { return }
        switch presence {
        case .absent: throw StoreError.recordNotFound(record)
        case .deleted: throw StoreError.recordDeleted(record)
        case .live: throw StoreError.recordNotDeleted(record)
        }
    }

    func recordPresence(_ db: Database, _ record: RecordID) throws -> Presence {
        let statement = try RawStatement(db, sql: Self.presenceSQL)
        try statement.bind(1, record.scope.name)
        try statement.bind(2, record.collection)
        try statement.bind(3, record.key)
        defer { statement.reset() }
        guard try statement.step() else { return .absent }
        if statement.text(0) == StoreSchema.deletedValueText { return .deleted }
        return statement.int64(1) != 0 ? .live : .absent
    }

    /// One statement: the shown tombstone, and whether the record has any field at all.
    private static let presenceSQL = """
        SELECT (SELECT value FROM gs_field WHERE scope = ?1 AND collection = ?2 AND key = ?3 AND field = \(StoreSchema.tombstoneFieldLiteral)),
               EXISTS (SELECT 1 FROM gs_field WHERE scope = ?1 AND collection = ?2 AND key = ?3)
        """

    /// This replica's place in its stream of a scope and its last issued stamp, read once for a transaction's
    /// local changes and written back once by `finishLocalWrites`.
    struct LocalStamping {
        var origin: Int64
        var lastIssued: HLCTimestamp
        var seq: UInt64
    }

    func beginLocalWrites(_ db: Database, scope: Scope) throws -> LocalStamping {
        let origin = try originNumber(db, for: replicaID)
        let statement = try RawStatement(db, sql: """
            SELECT last_hlc, (SELECT seq FROM gs_vector WHERE origin = ? AND scope = ?) FROM gs_replica
            """)
        try statement.bind(1, origin)
        try statement.bind(2, scope.name)
        defer { statement.reset() }
        guard try statement.step() else { throw StoreError.notInitialized(path: path) }
        return LocalStamping(origin: origin, lastIssued: HLCTimestamp(rawValue: UInt64(bitPattern: statement.int64(0))),
                             seq: UInt64(statement.int64(1)))
    }

    func finishLocalWrites(_ db: Database, scope: Scope, _ stamping: LocalStamping) throws {
        try storeSeq(db, origin: stamping.origin, scope: scope, seq: stamping.seq)
        let statement = try RawStatement(db, sql: "UPDATE gs_replica SET last_hlc = ?")
        try statement.bind(1, Int64(bitPattern: stamping.lastIssued.rawValue))
        try statement.run()
    }

    /// Writes one local change in a transaction of its own (a delete, a restore).
    func writeLocalChange(_ db: Database, record: RecordID, field: String, value: FieldValue, heads: [HeadRow],
                          seen: [ChangeID], author: String) throws -> Change {
        var stamping = try beginLocalWrites(db, scope: record.scope)
        let change = try writeLocalChange(db, record: record, field: field, value: value, heads: heads, seen: seen, author: author,
                                          stamping: &stamping)
        try finishLocalWrites(db, scope: record.scope, stamping)
        return change
    }

    /// Stamps, numbers, validates and stores one local change that supersedes every current head of its field.
    func writeLocalChange(_ db: Database, record: RecordID, field: String, value: FieldValue, heads: [HeadRow],
                          seen: [ChangeID], author: String, stamping: inout LocalStamping,
                          prevalidated: Bool = false) throws -> Change {
        let stamp = clockRule.stamp(wallMilliseconds: wallClock(), lastIssued: stamping.lastIssued, highestBase: heads.map(\.hlc).max())
        let seq = stamping.seq + 1
        let change = Change(id: ChangeID(origin: replicaID, scope: record.scope, seq: seq), hlc: stamp,
                            collection: record.collection, key: record.key, field: field, value: value,
                            bases: heads.map(\.id), seen: seen, author: author)
        try Self.checkStorable(value, field: field)
        try Self.checkIdentifiers(change)
        if !prevalidated {
            do {
                try validator.validate(change)
            } catch {
                throw StoreError.invalid(error)
            }
        }
        let canonical = CanonicalBytes.text(value)
        try Self.checkSize(canonical.utf8.count, field: field)
        let rowID = try insertChange(db, change, origin: stamping.origin, hash: change.contentHash, value: canonical)
        // The change names every head as a base, so none survives it (`MergeRule.removeSuperseded`): it is the only head.
        let head = HeadRow(rowID: rowID, id: change.id, hlc: stamp, value: canonical)
        try storeHeads(db, record: record, field: field, heads: [head])
        stamping.seq = seq
        stamping.lastIssued = stamp
        return change
    }
}
