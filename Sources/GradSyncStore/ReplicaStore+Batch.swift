import GradSyncCore

/// One record's part of a batch write.
public struct RecordWrite: Sendable, Equatable {
    /// The record written.
    public var record: RecordID
    /// The fields set, as with `write(_:fields:mode:author:)`.
    public var fields: [String: FieldValue]
    /// Whether the record must be new, must exist, or either.
    public var mode: WriteMode
    /// Whether a deleted record is restored before its fields are written; otherwise it is refused as `write` refuses it.
    public var restoresDeleted: Bool

    /// Describes one record's write.
    public init(record: RecordID, fields: [String: FieldValue], mode: WriteMode, restoresDeleted: Bool = false) {
        self.record = record
        self.fields = fields
        self.mode = mode
        self.restoresDeleted = restoresDeleted
    }
}

extension ReplicaStore {
    /// Writes several records in one transaction, all or nothing, each with the semantics of `write`.
    ///
    /// Returns the changes written for each record, in the order given (empty where nothing changed).
    /// With `dryRun` the transaction is rolled back: the result says what would be written, and nothing is.
    ///
    /// ```swift
    /// let written = try store.write(batch: rows.map { RecordWrite(record: $0.id, fields: $0.fields, mode: .upsert) },
    ///                               author: "secretary")
    /// ```
    @discardableResult
    public func write(batch: [RecordWrite], author: String, dryRun: Bool = false) throws -> [[Change]] {
        for item in batch { try Self.checkFieldNames(item.fields) }
        return try transaction(author: author, dryRun: dryRun) { transaction in
            try batch.map { item in try transaction.write(item) }
        }
    }
}

extension StoreTransaction {
    /// Writes one record's part of a batch: restores it first when asked and it is deleted, then sets its fields.
    @discardableResult
    public func write(_ item: RecordWrite, prevalidated: Bool = false) throws -> [Change] {
        var changes: [Change] = []
        if item.restoresDeleted, try store.recordPresence(db, item.record) == .deleted {
            changes.append(try restore(item.record))
        }
        return changes + (try write(item.record, fields: item.fields, mode: item.mode, prevalidated: prevalidated))
    }
}
