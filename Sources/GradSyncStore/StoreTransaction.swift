import GRDB
import GradSyncCore

/// One write transaction on a replica, for a caller that must read, check and write as one step.
///
/// A caller's checks read the records through this value, so what they checked is what the writes build on:
/// no sync applying a page, no second process, can change a record between the check and the write. The value
/// lives only inside `ReplicaStore.transaction(author:dryRun:_:)`; keeping it beyond that closure is an error.
///
/// ```swift
/// try store.transaction(author: "secretary") { transaction in
///     guard let current = try transaction.record(id), !current.isDeleted else { throw … }
///     try transaction.write(id, fields: ["phone": .string("13800000000")], mode: .update)
/// }
/// ```
public struct StoreTransaction: RecordReader {
    let store: ReplicaStore
    let db: Database
    /// Who the transaction's changes are written by.
    public let author: String

    /// This replica's own scope.
    public var scope: ReplicaScope { store.scope }

    /// One record as shown inside the transaction, or nil when it was never written.
    public func record(_ id: RecordID) throws -> RecordState? {
        try store.readRecord(db, id)
    }

    /// Sets several fields of one record, with the semantics of `ReplicaStore.write(_:fields:mode:author:)`.
    ///
    /// With `prevalidated`, the caller has already checked every field with the same rules as the store's
    /// validator (the records layer checks a whole record at once, listing every problem), so each change is
    /// not checked a second time. Identifiers and storability are still checked.
    @discardableResult
    public func write(_ id: RecordID, fields: [String: FieldValue], mode: WriteMode, prevalidated: Bool = false) throws -> [Change] {
        try ReplicaStore.checkFieldNames(fields)
        return try store.writeFields(db, record: id, fields: fields, mode: mode, author: author, prevalidated: prevalidated)
    }

    /// Deletes a live record (a tombstone that has seen every field head held now).
    @discardableResult
    public func delete(_ id: RecordID) throws -> Change {
        try store.checkWritable(id)
        try store.requirePresence(db, id, .live)
        return try store.writeTombstone(db, record: id, author: author)
    }

    /// Restores a deleted record; its fields come back as they were.
    @discardableResult
    public func restore(_ id: RecordID) throws -> Change {
        try store.checkWritable(id)
        try store.requirePresence(db, id, .deleted)
        return try store.writeRestore(db, record: id, author: author)
    }

    /// Keeps a deleted record deleted after review: a delete that has seen every field head held now.
    @discardableResult
    public func confirmDeletion(_ id: RecordID) throws -> Change {
        try store.checkWritable(id)
        try store.requirePresence(db, id, .deleted)
        return try store.writeTombstone(db, record: id, author: author)
    }

    /// The records of a collection (in one scope or all) as shown inside the transaction, like `ReplicaStore.records`.
    public func records(collection: String, scope: Scope? = nil, includeDeleted: Bool = false) throws -> [RecordState] {
        try store.readRecords(db, collection: collection, scope: scope, includeDeleted: includeDeleted)
    }

    /// The conflict journal as it stands inside the transaction.
    public func conflicts() throws -> [ConflictEntry] {
        try store.readConflicts(db)
    }

    /// The scopes this replica holds changes of, as its version vector says (`shared` included).
    public func heldScopes() throws -> Set<Scope> {
        Set(try store.readVector(db, filter: nil).entries.keys.map(\.scope))
    }
}

extension ReplicaStore {
    /// Runs `body` in one write transaction: everything it reads and writes commits together, or nothing does.
    ///
    /// With `dryRun` the transaction is rolled back after `body` returns: the result says what would be written,
    /// and nothing is. A thrown error rolls everything back.
    public func transaction<T>(author: String, dryRun: Bool = false, _ body: (StoreTransaction) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction {
                result = try body(StoreTransaction(store: self, db: db, author: author))
                return dryRun ? .rollback : .commit
            }
            return result!
        }
    }

    /// The same, from an async context: the transaction runs on GRDB's writer queue, never on the cooperative pool.
    public func transactionAsync<T: Sendable>(author: String, dryRun: Bool = false,
                                              _ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction {
                result = try body(StoreTransaction(store: self, db: db, author: author))
                return dryRun ? .rollback : .commit
            }
            return result!
        }
    }

    /// Refuses empty field names and the reserved `_` prefix, which only the store's own fields use.
    static func checkFieldNames(_ fields: [String: FieldValue]) throws {
        for field in fields.keys where field.isEmpty || field.hasPrefix("_") {
            throw StoreError.reservedField(field)
        }
    }
}

/// Reads records as shown: a store (each read its own snapshot) or a transaction (reads that writes build on).
public protocol RecordReader {
    /// One record as shown, or nil when it was never written.
    func record(_ id: RecordID) throws -> RecordState?
    /// The scopes this replica holds changes of, as its version vector says (`shared` included).
    func heldScopes() throws -> Set<Scope>
}

extension ReplicaStore: RecordReader {
    /// The scopes this replica holds changes of, as its version vector says (`shared` included).
    public func heldScopes() throws -> Set<Scope> {
        Set(try versionVector().entries.keys.map(\.scope))
    }
}
