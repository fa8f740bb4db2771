import GRDB
import GradSyncCore

/// The statements a snapshot load runs once per change, prepared once per load: looking a cached statement up by
/// its SQL text costs a hash of that text, as much as SQLite's own work on a short row.
struct SnapshotRowWriter {
    private let change: RawStatement
    private let base: RawStatement
    private let field: RawStatement
    private let firstField: RawStatement
    private let contestedHeld: RawStatement
    private let contested: RawStatement

    /// Every statement's SQL begins with a comment naming the load, so no other code shares its cached statement (the
    /// log's insert, without it, is `insertChange`'s): the log's insert binds `received_at_ms` once, and a reset
    /// statement keeps its bindings only while nothing else binds or clears them.
    init(_ db: Database, receivedAt: UInt64) throws {
        change = try RawStatement(db, reusingTextBuffers: true, sql: """
            -- snapshot load
            INSERT INTO gs_change (origin, scope, seq, hlc, collection, key, field, value, bases, seen, author, hash, received_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        base = try RawStatement(db, reusingTextBuffers: true, sql: """
            -- snapshot load
            INSERT INTO temp.gs_snapshot_base (origin, scope, seq, collection, key, field, namer) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        // A contested field's row replaces the one its first change wrote as it was loaded.
        field = try RawStatement(db, reusingTextBuffers: true, sql: """
            -- snapshot load
            INSERT INTO gs_field (scope, collection, key, field, value, change, head_count, conflicted, heads) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (scope, collection, key, field) DO UPDATE SET value = excluded.value, change = excluded.change,
                head_count = excluded.head_count, conflicted = excluded.conflicted, heads = excluded.heads
            """)
        // The loaded scope had no field rows: a field's first change is its only head until another of it arrives.
        firstField = try RawStatement(db, reusingTextBuffers: true, sql: """
            -- snapshot load
            INSERT INTO gs_field (scope, collection, key, field, value, change, head_count, conflicted, heads) VALUES (?, ?, ?, ?, ?, ?, 1, 0, ?)
            ON CONFLICT (scope, collection, key, field) DO NOTHING
            """)
        contestedHeld = try RawStatement(db, reusingTextBuffers: true, sql: """
            -- snapshot load
            INSERT OR IGNORE INTO temp.gs_snapshot_contested (change)
            SELECT change FROM gs_field WHERE scope = ? AND collection = ? AND key = ? AND field = ?
            """)
        contested = try RawStatement(db, sql: "INSERT OR IGNORE INTO temp.gs_snapshot_contested (change) VALUES (?)")
        // The same for every change of the load, and kept by the statement from run to run.
        try change.bind(13, Int64(receivedAt))
    }

    /// Writes the field row of a loaded change whose field has no row yet, as its only head, and returns true; for a
    /// field that has one, notes both the change and the one that wrote the row as contested (their field's heads are
    /// worked out after the load, by `buildFields`) and returns false.
    func storeFirstField(_ prepared: PreparedSnapshotChange, rowID: Int64) throws -> Bool {
        let item = prepared.change
        try firstField.bind(1, item.id.scope.name)
        try firstField.bind(2, item.collection)
        try firstField.bind(3, item.key)
        try firstField.bind(4, item.field)
        try firstField.bind(5, prepared.value)
        try firstField.bind(6, rowID)
        // Bound as a number, the TEXT column stores it as the same decimal text `String(rowID)` would be.
        try firstField.bind(7, rowID)
        try firstField.run()
        if firstField.changesCount == 1 { return true }
        try contestedHeld.bind(1, item.id.scope.name)
        try contestedHeld.bind(2, item.collection)
        try contestedHeld.bind(3, item.key)
        try contestedHeld.bind(4, item.field)
        try contestedHeld.run()
        try contested.bind(1, rowID)
        try contested.run()
        return false
    }

    /// Appends a checked change to the log (as `insertChange` does) and returns its rowid.
    func insert(_ prepared: PreparedSnapshotChange) throws -> Int64 {
        let item = prepared.change
        try change.bind(1, prepared.origin)
        try change.bind(2, item.id.scope.name)
        try change.bind(3, Int64(bitPattern: item.id.seq))
        try change.bind(4, Int64(bitPattern: item.hlc.rawValue))
        try change.bind(5, item.collection)
        try change.bind(6, item.key)
        try change.bind(7, item.field)
        try change.bind(8, prepared.value)
        try change.bind(9, item.bases.isEmpty ? "" : ReplicaStore.encodeIDs(item.bases))
        try change.bind(10, item.seen.isEmpty ? "" : ReplicaStore.encodeIDs(item.seen))
        try change.bind(11, item.author)
        try change.bind(12, prepared.hash)
        try change.run()
        return change.lastInsertedRowID
    }

    /// Keeps a base a loaded change names, with the field that named it, for the passes after the load.
    func noteBase(_ id: ChangeID, namedBy change: Change, rowID: Int64) throws {
        try base.bind(1, id.origin.hex)
        try base.bind(2, id.scope.name)
        try base.bind(3, Int64(bitPattern: id.seq))
        try base.bind(4, change.collection)
        try base.bind(5, change.key)
        try base.bind(6, change.field)
        try base.bind(7, rowID)
        try base.run()
    }

    /// Writes a field's row from its heads, as `storeHeads` does for a field that had none.
    func storeField(record: RecordID, field name: String, heads: [ReplicaStore.HeadRow]) throws -> Bool {
        guard let winnerIndex = MergeRule.winnerIndex(of: heads) else { return false }
        let winner = heads[winnerIndex]
        let conflicted = MergeRule.isConflicted(heads)
        try field.bind(1, record.scope.name)
        try field.bind(2, record.collection)
        try field.bind(3, record.key)
        try field.bind(4, name)
        try field.bind(5, winner.value)
        try field.bind(6, winner.rowID)
        try field.bind(7, heads.count)
        try field.bind(8, conflicted ? 1 : 0)
        try field.bind(9, heads.count == 1 ? String(winner.rowID) : ReplicaStore.encodeRowIDs(heads.map(\.rowID)))
        try field.run()
        return conflicted
    }
}
