import GRDB
import GradSyncCore

extension ReplicaStore {
    /// Refuses new fields that would take a record past `limit` (the tombstone not counted): `RecordLimits.maximumFields`
    /// for a local write, `RecordLimits.maximumReceivedFields` for a received change.
    ///
    /// Called only when changes create field rows, so edits of existing fields never count; `counts` keeps the
    /// figure for the rest of the transaction, so a page or a batch counts each record at most once.
    func admitFields(_ db: Database, _ record: RecordID, adding fields: [String], limit: Int, counts: inout [RecordID: Int]) throws {
        let added = fields.filter { $0 != Change.tombstoneField }
        guard !added.isEmpty else { return }
        let held = try counts[record] ?? fieldCount(db, record)
        guard held + added.count <= limit else {
            throw StoreError.invalid(ValidationError(
                field: added[0], value: RecordMessages.fieldNumber(held + added.count, collection: record.collection, key: record.key),
                allowed: RecordMessages.fieldLimit(limit, tombstone: Change.tombstoneField)))
        }
        counts[record] = held + added.count
    }

    /// Counts a field row just created for a received change against `RecordLimits.maximumReceivedFields`, refusing
    /// it as `admitFields` would have before the row was written; `counts` may be emptied at any time (a record not in
    /// it is counted from its rows, this one included), so a caller may bound its memory.
    func admitCreatedField(_ db: Database, _ record: RecordID, field: String, counts: inout [RecordID: Int]) throws {
        guard field != Change.tombstoneField else { return }
        let limit = RecordLimits.maximumReceivedFields
        let held = try counts[record].map { $0 + 1 } ?? fieldCount(db, record)
        guard held <= limit else {
            throw StoreError.invalid(ValidationError(
                field: field, value: RecordMessages.fieldNumber(held, collection: record.collection, key: record.key),
                allowed: RecordMessages.fieldLimit(limit, tombstone: Change.tombstoneField)))
        }
        counts[record] = held
    }

    /// How many fields of the record are held, the tombstone not counted.
    private func fieldCount(_ db: Database, _ record: RecordID) throws -> Int {
        let statement = try RawStatement(db, sql: """
            SELECT count(*) FROM gs_field WHERE scope = ? AND collection = ? AND key = ? AND field <> '_deleted'
            """)
        try statement.bind(1, record.scope.name)
        try statement.bind(2, record.collection)
        try statement.bind(3, record.key)
        defer { statement.reset() }
        guard try statement.step() else { return 0 }
        return Int(statement.int64(0))
    }
}
