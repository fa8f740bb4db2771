import GRDB
import GradSyncCore

/// Reading and writing `gs_change` rows with prepared statements (the hot path of every write and apply).
extension ReplicaStore {
    /// The columns every change query selects, in the order `decodeChange` reads them.
    static let changeColumns = "c.rowid, c.origin, c.scope, c.seq, c.hlc, c.collection, c.key, c.field, c.value, c.bases, c.seen, c.author"

    /// Decodes a row selected with `changeColumns`.
    func decodeChange(_ db: Database, _ row: Row) throws -> Change {
        let origin = try originID(db, number: row[1])
        let value: FieldValue
        do {
            value = try FieldValue(parsingJSON: row[8])
        } catch {
            throw StoreError.incompatibleFormat("change \(row[0] as Int64) holds an unreadable value: \(error)")
        }
        return Change(
            id: ChangeID(origin: origin, scope: Scope(storedName: row[2]), seq: UInt64(row[3] as Int64)),
            hlc: HLCTimestamp(rawValue: UInt64(bitPattern: row[4])),
            collection: row[5], key: row[6], field: row[7], value: value,
            bases: Self.decodeIDs(row[9]), seen: Self.decodeIDs(row[10]), author: row[11])
    }

    /// Decodes the current row of a statement selecting `changeColumns` from column `first` on, as
    /// `decodeChange(_:_:)` decodes a `Row`; `value` is the value when the caller has read it from the same text.
    ///
    /// `record`, `field` and `author` are what the change likely holds: a column holding exactly one of them is
    /// taken as that string rather than made into a new one (a record's changes share most of their text).
    func decodeChange(_ db: Database, _ statement: RawStatement, from first: Int32 = 0, value known: FieldValue? = nil,
                      record: RecordID? = nil, field: String? = nil, author: String? = nil) throws -> Change {
        func text(_ column: Int32, likely: String?) -> String {
            if let likely, statement.textEquals(column, likely) { return likely }
            return statement.text(column)
        }
        let origin = try originID(db, number: statement.int64(first + 1))
        let value: FieldValue
        if let known {
            value = known
        } else {
            do {
                value = try FieldValue(parsingJSON: statement.text(first + 8))
            } catch {
                throw StoreError.incompatibleFormat("change \(statement.int64(first)) holds an unreadable value: \(error)")
            }
        }
        let scope = if let record, statement.textEquals(first + 2, record.scope.name) { record.scope } else {
            Scope(storedName: statement.text(first + 2))
        }
        return Change(
            id: ChangeID(origin: origin, scope: scope, seq: UInt64(statement.int64(first + 3))),
            hlc: HLCTimestamp(rawValue: UInt64(bitPattern: statement.int64(first + 4))),
            collection: text(first + 5, likely: record?.collection), key: text(first + 6, likely: record?.key),
            field: text(first + 7, likely: field), value: value,
            bases: Self.decodeIDs(statement.text(first + 9)), seen: Self.decodeIDs(statement.text(first + 10)),
            author: text(first + 11, likely: author))
    }

    /// Change ids stored as `origin/scope/seq` joined by commas (none of the parts can hold a comma).
    static func encodeIDs(_ ids: [ChangeID]) -> String {
        ids.map(\.description).joined(separator: ",")
    }

    static func decodeIDs(_ text: String) -> [ChangeID] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: ",").compactMap { ChangeID(parsing: String($0)) }
    }

    /// Inserts a change into the log and returns its rowid (its place in storage order).
    ///
    /// `value` is the change value's canonical JSON, when the caller has it already.
    func insertChange(_ db: Database, _ change: Change, origin: Int64, hash: String, value: String? = nil) throws -> Int64 {
        let statement = try RawStatement(db, sql: """
            INSERT INTO gs_change (origin, scope, seq, hlc, collection, key, field, value, bases, seen, author, hash, received_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.bind(1, origin)
        try statement.bind(2, change.id.scope.name)
        try statement.bind(3, Int64(bitPattern: change.id.seq))
        try statement.bind(4, Int64(bitPattern: change.hlc.rawValue))
        try statement.bind(5, change.collection)
        try statement.bind(6, change.key)
        try statement.bind(7, change.field)
        try statement.bind(8, value ?? CanonicalBytes.text(change.value))
        try statement.bind(9, Self.encodeIDs(change.bases))
        try statement.bind(10, Self.encodeIDs(change.seen))
        try statement.bind(11, change.author)
        try statement.bind(12, hash)
        try statement.bind(13, Int64(wallClock()))
        try statement.run()
        return db.lastInsertedRowID
    }

    /// The rowid of a stored change, or nil when it is not held.
    func rowID(_ db: Database, of id: ChangeID) throws -> Int64? {
        guard let origin = try existingOriginNumber(db, for: id.origin) else { return nil }
        return try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT rowid FROM gs_change WHERE origin = ? AND scope = ? AND seq = ?"),
            arguments: [origin, id.scope.name, Int64(bitPattern: id.seq)])
    }

    /// One head of a field, as the merge needs it: the merge rule is Core's `MergeRule`, run on these rows.
    struct HeadRow: MergeHead {
        var rowID: Int64
        var id: ChangeID
        var hlc: HLCTimestamp
        /// The value's canonical JSON text, as `gs_change.value` holds it.
        var value: String

        /// Whether this head holds exactly `text` (canonical bytes, not Unicode equivalence), without decoding it.
        func holds(_ text: String) -> Bool { value.utf8.elementsEqual(text.utf8) }
    }

    /// The current heads of one field, the shown one first.
    ///
    /// The common case (one head) is one lookup: the field row joined with its shown change.
    ///
    /// `gs_field.field` is compared with `+?`, never a bare `?`: SQLite checks whether a bare parameter could
    /// satisfy the partial index `gs_field_deleted` (`field = '_deleted'`) and then prepares the statement again
    /// whenever that parameter's value changes, which on applying a page was about a third of the time spent.
    func loadHeads(_ db: Database, record: RecordID, field: String) throws -> [HeadRow] {
        let statement = try RawStatement(db, sql: """
            SELECT c.rowid, c.origin, c.seq, c.hlc, c.value, f.head_count, f.heads
            FROM gs_field f JOIN gs_change c ON c.rowid = f.change
            WHERE f.scope = ? AND f.collection = ? AND f.key = ? AND f.field = +?
            """)
        try statement.bind(1, record.scope.name)
        try statement.bind(2, record.collection)
        try statement.bind(3, record.key)
        try statement.bind(4, field)
        defer { statement.reset() }
        guard try statement.step() else { return [] }
        let shown = HeadRow(rowID: statement.int64(0),
                            id: ChangeID(origin: try originID(db, number: statement.int64(1)), scope: record.scope,
                                         seq: UInt64(statement.int64(2))),
                            hlc: HLCTimestamp(rawValue: UInt64(bitPattern: statement.int64(3))), value: statement.text(4))
        let headCount = statement.int64(5)
        let others = headCount > 1 ? Self.decodeRowIDs(statement.text(6)) : []
        guard headCount > 1 else { return [shown] }
        var heads = [shown]
        for rowID in others where rowID != shown.rowID {
            guard let other = try Row.fetchOne(db.cachedStatement(sql: "SELECT rowid, origin, seq, hlc, value FROM gs_change WHERE rowid = ?"),
                                               arguments: [rowID]) else {
                throw StoreError.incompatibleFormat("field \(field) of \(record) names head \(rowID), which is not in the log")
            }
            heads.append(try headRow(db, other, scope: record.scope))
        }
        return heads
    }

    private func headRow(_ db: Database, _ row: Row, scope: Scope) throws -> HeadRow {
        HeadRow(rowID: row[0], id: ChangeID(origin: try originID(db, number: row[1]), scope: scope, seq: UInt64(row[2] as Int64)),
                hlc: HLCTimestamp(rawValue: UInt64(bitPattern: row[3])), value: row[4])
    }

    /// Head rowids as `gs_field.heads` keeps them: ascending, joined by commas.
    static func encodeRowIDs(_ rowIDs: [Int64]) -> String {
        rowIDs.sorted().map(String.init).joined(separator: ",")
    }

    static func decodeRowIDs(_ text: String) -> [Int64] {
        // A field has one head, rarely more: a lone rowid is read without splitting.
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return Int64(text).map { [$0] } ?? [] }
        return text.split(separator: ",").compactMap { Int64($0) }
    }

    /// The ids of the changes stored at `rowIDs`, in that order.
    func changeIDs(_ db: Database, rowIDs: [Int64]) throws -> [ChangeID] {
        try rowIDs.map { rowID in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT origin, scope, seq FROM gs_change WHERE rowid = ?"),
                                             arguments: [rowID]) else {
                throw StoreError.incompatibleFormat("a field names head \(rowID), which is not in the log")
            }
            return ChangeID(origin: try originID(db, number: row[0]), scope: Scope(storedName: row[1]), seq: UInt64(row[2] as Int64))
        }
    }

    /// Makes `heads` the field's head set and shown value (its `gs_field` row); a field left without heads has no row.
    func storeHeads(_ db: Database, record: RecordID, field: String, heads: [HeadRow]) throws {
        guard let winnerIndex = MergeRule.winnerIndex(of: heads) else {
            try db.cachedStatement(sql: "DELETE FROM gs_field WHERE scope = ? AND collection = ? AND key = ? AND field = +?")
                .execute(arguments: [record.scope.name, record.collection, record.key, field])
            return
        }
        let winner = heads[winnerIndex]
        let conflicted = MergeRule.isConflicted(heads)
        let rowIDs = heads.count == 1 ? String(winner.rowID) : Self.encodeRowIDs(heads.map(\.rowID))
        let statement = try RawStatement(db, sql: """
            INSERT INTO gs_field (scope, collection, key, field, value, change, head_count, conflicted, heads) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (scope, collection, key, field) DO UPDATE SET
              value = excluded.value, change = excluded.change, head_count = excluded.head_count,
              conflicted = excluded.conflicted, heads = excluded.heads
            """)
        try statement.bind(1, record.scope.name)
        try statement.bind(2, record.collection)
        try statement.bind(3, record.key)
        try statement.bind(4, field)
        try statement.bind(5, winner.value)
        try statement.bind(6, winner.rowID)
        try statement.bind(7, heads.count)
        try statement.bind(8, conflicted ? 1 : 0)
        try statement.bind(9, rowIDs)
        try statement.run()
    }

    /// The highest gap-free seq held of a stream, read inside the current transaction.
    func storedSeq(_ db: Database, origin: Int64, scope: Scope) throws -> UInt64 {
        let statement = try RawStatement(db, sql: "SELECT seq FROM gs_vector WHERE origin = ? AND scope = ?")
        try statement.bind(1, origin)
        try statement.bind(2, scope.name)
        defer { statement.reset() }
        return try statement.step() ? UInt64(statement.int64(0)) : 0
    }

    func storeSeq(_ db: Database, origin: Int64, scope: Scope, seq: UInt64) throws {
        let statement = try RawStatement(db, sql: """
            INSERT INTO gs_vector (origin, scope, seq) VALUES (?, ?, ?)
            ON CONFLICT (origin, scope) DO UPDATE SET seq = excluded.seq
            """)
        try statement.bind(1, origin)
        try statement.bind(2, scope.name)
        try statement.bind(3, Int64(seq))
        try statement.run()
    }
}
