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
    /// it as `admitFields` would have before the row was written.
    func admitCreatedField(_ db: Database, _ record: RecordID, field: String, counts: inout CreatedFieldCounts) throws {
        guard field != Change.tombstoneField else { return }
        let limit = RecordLimits.maximumReceivedFields
        let held = try counts.count(of: record).map { $0 + 1 } ?? fieldCount(db, record)
        guard held <= limit else {
            throw StoreError.invalid(ValidationError(
                field: field, value: RecordMessages.fieldNumber(held, collection: record.collection, key: record.key),
                allowed: RecordMessages.fieldLimit(limit, tombstone: Change.tombstoneField)))
        }
        counts.set(held, for: record)
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

/// How many fields records that received new field rows hold, for `admitCreatedField`. Bounded: a record it has
/// forgotten is counted again from its rows. The record counted last is kept apart from the others, so a run of one
/// record's fields (a snapshot's order) is counted without hashing the record's id for each.
struct CreatedFieldCounts {
    private var last: (record: RecordID, count: Int)?
    private var others: [RecordID: Int] = [:]
    /// How many records are remembered besides the last before all of them are forgotten.
    private let capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
    }

    /// The count last set for `record`, or nil when it is not remembered.
    func count(of record: RecordID) -> Int? {
        if let last, last.record == record { return last.count }
        return others[record]
    }

    mutating func set(_ count: Int, for record: RecordID) {
        if let last, last.record != record {
            if others.count >= capacity { others.removeAll(keepingCapacity: true) }
            others[last.record] = last.count
        }
        last = (record, count)
    }
}
