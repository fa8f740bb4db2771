import GRDB
import GradSyncCore

/// The passes after a snapshot's changes are in the log: the heads and shown value of every field more than one loaded
/// change touches, and the pending bases.
///
/// Nearly every field of a snapshot has one change, whose row the load wrote as it went (`storeFirstField`, the
/// change its only head); the others are contested. Heads are a function of the set of changes (a change is a head of
/// its field unless another change of that same field names it as a base), so a contested field's are computed once
/// over its loaded changes, ordered by field, with the same merge rule (`MergeRule`, as `storeHeads` runs it) that
/// `apply` runs change by change.
extension ReplicaStore {
    /// Rewrites the `gs_field` row of every contested field the changes after `firstRow` touch; returns how many are
    /// conflicted.
    func buildFields(_ db: Database, after firstRow: Int64, rows: SnapshotRowWriter) throws -> Int {
        // Superseded: named as a base by another loaded change of the same record and field. A change naming
        // itself supersedes nothing, as in `apply`, where it is already in the log when its bases are looked up.
        try db.execute(sql: """
            INSERT OR IGNORE INTO temp.gs_snapshot_superseded (change)
            SELECT c.rowid FROM temp.gs_snapshot_base b
            JOIN gs_origin o ON o.replica_id = b.origin
            JOIN gs_change c ON c.origin = o.id AND c.scope = b.scope AND c.seq = b.seq
            WHERE c.rowid > ? AND c.rowid <> b.namer AND c.collection = b.collection AND c.key = b.key AND c.field = b.field
            """, arguments: [firstRow])
        let statement = try RawStatement(db, sql: """
            SELECT c.rowid, c.scope, c.collection, c.key, c.field, c.origin, c.seq, c.hlc, c.value
            FROM gs_change c
            WHERE c.rowid IN (SELECT change FROM temp.gs_snapshot_contested)
              AND c.rowid NOT IN (SELECT change FROM temp.gs_snapshot_superseded)
            ORDER BY c.scope, c.collection, c.key, c.field, c.rowid
            """)
        defer { statement.reset() }
        var writer = LoadedFieldWriter(rows: rows)
        // Nearly every row is of the origin before it: its id is looked up once per run of rows.
        var lastOrigin: (number: Int64, id: ReplicaID)?
        while try statement.step() {
            let field = LoadedFieldWriter.FieldKey(scope: statement.text(1), collection: statement.text(2),
                                                   key: statement.text(3), field: statement.text(4))
            if field != writer.current { try writer.flush(self, db, next: field) }
            let scope = try writer.scope(named: field.scope)
            let number = statement.int64(5)
            if lastOrigin?.number != number { lastOrigin = (number, try originID(db, number: number)) }
            writer.heads.append(HeadRow(
                rowID: statement.int64(0), id: ChangeID(origin: lastOrigin!.id, scope: scope, seq: UInt64(statement.int64(6))),
                hlc: HLCTimestamp(rawValue: UInt64(bitPattern: statement.int64(7))), value: statement.text(8)))
        }
        try writer.flush(self, db, next: nil)
        return writer.conflicted
    }

    /// Keeps as pending what `apply` would have left pending: a base not in the log, and a base that came later in
    /// the log than the change naming it but belongs to another record or field (so its arrival did not match it).
    func storePendingBases(_ db: Database) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO gs_pending_base (origin, scope, seq, collection, key, field)
            SELECT b.origin, b.scope, b.seq, b.collection, b.key, b.field
            FROM temp.gs_snapshot_base b
            LEFT JOIN gs_origin o ON o.replica_id = b.origin
            LEFT JOIN gs_change c ON c.origin = o.id AND c.scope = b.scope AND c.seq = b.seq
            WHERE c.rowid IS NULL
               OR (c.rowid > b.namer AND NOT (c.collection = b.collection AND c.key = b.key AND c.field = b.field))
            """)
    }
}

/// Collects the heads of one field at a time from rows ordered by field, and writes each field's row.
struct LoadedFieldWriter {
    /// A field of a record, as the rows name it.
    struct FieldKey: Equatable {
        var scope: String
        var collection: String
        var key: String
        var field: String
    }

    let rows: SnapshotRowWriter
    var current: FieldKey?
    var heads: [ReplicaStore.HeadRow] = []
    var conflicted = 0
    private var lastScope: Scope?

    init(rows: SnapshotRowWriter) { self.rows = rows }

    /// The scope of a stored name, parsed once per run of rows of that scope.
    mutating func scope(named name: String) throws -> Scope {
        if let lastScope, lastScope.name == name { return lastScope }
        let scope = Scope(storedName: name)
        lastScope = scope
        return scope
    }

    /// Writes the field collected so far (if any) and starts `next`. Its record's fields were counted against the
    /// received limit when the load wrote its first row.
    mutating func flush(_ store: ReplicaStore, _ db: Database, next: FieldKey?) throws {
        defer {
            current = next
            heads.removeAll(keepingCapacity: true)
        }
        guard let field = current, !heads.isEmpty else { return }
        let record = RecordID(scope: try scope(named: field.scope), collection: field.collection, key: field.key)
        if try rows.storeField(record: record, field: field.field, heads: heads) { conflicted += 1 }
    }
}
