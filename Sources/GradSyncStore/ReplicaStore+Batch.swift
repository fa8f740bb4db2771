import GRDB
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
        for item in batch {
            for field in item.fields.keys where field.isEmpty || field.hasPrefix("_") {
                throw StoreError.reservedField(field)
            }
        }
        return try writer.writeWithoutTransaction { db in
            var written: [[Change]] = []
            try db.inTransaction {
                written = try batch.map { item in try self.writeBatchItem(db, item, author: author) }
                return dryRun ? .rollback : .commit
            }
            return written
        }
    }

    private func writeBatchItem(_ db: Database, _ item: RecordWrite, author: String) throws -> [Change] {
        var changes: [Change] = []
        if item.restoresDeleted, try recordPresence(db, item.record) == .deleted {
            try checkWritable(item.record)
            changes.append(try writeRestore(db, record: item.record, author: author))
        }
        return changes + (try writeFields(db, record: item.record, fields: item.fields, mode: item.mode, author: author))
    }
}
