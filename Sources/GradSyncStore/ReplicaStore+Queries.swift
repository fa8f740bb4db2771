import GRDB
import GradSyncCore

extension ReplicaStore {
    /// One record as shown, or nil when it was never written.
    public func record(_ id: RecordID) throws -> RecordState? {
        try writer.read { db in try self.readRecord(db, id) }
    }

    func readRecord(_ db: Database, _ id: RecordID) throws -> RecordState? {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT field, value, conflicted FROM gs_field WHERE scope = ? AND collection = ? AND key = ?
            """), arguments: [id.scope.name, id.collection, id.key])
        guard !rows.isEmpty else { return nil }
        var builder = RecordBuilder(id: id)
        for row in rows { try builder.add(field: row[0], valueText: row[1], conflicted: row[2]) }
        return builder.state
    }

    /// Every record of a collection (optionally of one scope), sorted by (scope, key); deleted ones only when asked.
    public func records(collection: String, scope: Scope? = nil, includeDeleted: Bool = false) throws -> [RecordState] {
        try writer.read { db in try self.readRecords(db, collection: collection, scope: scope, includeDeleted: includeDeleted) }
    }

    func readRecords(_ db: Database, collection: String, scope: Scope?, includeDeleted: Bool) throws -> [RecordState] {
        var sql = "SELECT scope, key, field, value, conflicted FROM gs_field WHERE collection = ?"
        var arguments: StatementArguments = [collection]
        if let scope {
            sql += " AND scope = ?"
            arguments += [scope.name]
        }
        sql += " ORDER BY scope, key"
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var result: [RecordState] = []
        var builder: RecordBuilder?
        while let row = try rows.next() {
            let id = RecordID(scope: Scope(storedName: row[0]), collection: collection, key: row[1])
            if builder?.id != id {
                if let done = builder?.state, includeDeleted || !done.isDeleted { result.append(done) }
                builder = RecordBuilder(id: id)
            }
            try builder!.add(field: row[2], valueText: row[3], conflicted: row[4])
        }
        if let done = builder?.state, includeDeleted || !done.isDeleted { result.append(done) }
        return result
    }

    /// Who changed what, when: every change of a record (or of one field), oldest first.
    ///
    /// Found from the record's field heads by following each change's bases within its field: every change of a
    /// field is a head or a base of a later change of that field, so the log needs no index by record for this.
    /// (Only a forged cycle of bases, two changes naming each other, leaves a field without heads; its changes
    /// stay in the log, which `verify` reads, but not in this view.)
    public func history(_ id: RecordID, field: String? = nil) throws -> [HistoryEntry] {
        try writer.read { db in Self.historyEntries(try self.readHistory(db, id, field: field)) }
    }

    /// One record as shown and its history (as `record` and `history` give them), read in one transaction; nil when
    /// the record was never written.
    ///
    /// A record page shows both: the field rows that give the record also name the heads its history starts from,
    /// so the record's fields are read once, and both come from one read.
    public func recordWithHistory(_ id: RecordID) throws -> (record: RecordState, history: [HistoryEntry])? {
        try writer.read { db in
            // Each field row with the change it shows (the history's first generation, for a field without conflict
            // all of it): one statement for the record and the changes behind its values. A LEFT JOIN, so a field row
            // is read even should its change be missing; the history then looks for it as `history` does.
            let statement = try RawStatement(db, sql: """
                SELECT f.field, f.value, f.conflicted, f.heads, \(Self.changeColumns)
                FROM gs_field f LEFT JOIN gs_change c ON c.rowid = f.change
                WHERE f.scope = ? AND f.collection = ? AND f.key = ?
                """)
            try statement.bind(1, id.scope.name)
            try statement.bind(2, id.collection)
            try statement.bind(3, id.key)
            // Room for a graduate's fields from the start, rather than growing through it.
            var builder = RecordBuilder(id: id, capacity: 48)
            var heads: [(rowID: Int64, field: String)] = []
            heads.reserveCapacity(48)
            var shown: [Int64: Change] = [:]
            shown.reserveCapacity(48)
            // The author of the change read last: the changes of one save share theirs.
            var author: String?
            var found = false
            do {
                defer { statement.reset() }
                while try statement.step() {
                    found = true
                    let field = statement.text(0)
                    let valueText = statement.text(1)
                    let value = try builder.add(field: field, valueText: valueText, conflicted: statement.int64(2) != 0)
                    for rowID in Self.decodeRowIDs(statement.text(3)) { heads.append((rowID, field)) }
                    let rowID = statement.int64(4)
                    guard rowID != 0 else { continue }
                    // The field row holds its shown change's value text: read once for both.
                    let same = statement.text(12).utf8.elementsEqual(valueText.utf8)
                    let change = try decodeChange(db, statement, from: 4, value: same ? value : nil, record: id, field: field, author: author)
                    shown[rowID] = change
                    author = change.author
                }
            }
            guard found else { return nil }
            let changes = try Self.shownAlone(id, heads: heads, shown: shown) ?? self.readHistory(db, id, heads: heads, known: shown)
            return (builder.state, Self.historyEntries(changes))
        }
    }

    /// The history `readHistory` finds from `heads` when it is the shown changes alone: each field's one head read
    /// with its field row, none superseding a change of this scope (each field written once); nil otherwise, when
    /// the history is followed through the log.
    static func shownAlone(_ id: RecordID, heads: [(rowID: Int64, field: String)], shown: [Int64: Change]) -> [Change]? {
        guard heads.count == shown.count else { return nil }
        var found: [(rowID: Int64, change: Change)] = []
        found.reserveCapacity(heads.count)
        for head in heads {
            guard let change = shown[head.rowID], change.field == head.field, change.record == id,
                  !change.bases.contains(where: { $0.scope == id.scope }) else { return nil }
            found.append((head.rowID, change))
        }
        found.sort { $0.rowID < $1.rowID }
        // A rowid named as a head of two fields is taken once by the walk: left to it.
        for index in found.indices.dropFirst() where found[index].rowID == found[index - 1].rowID { return nil }
        return found.map(\.change)
    }

    /// History entries of changes read oldest first: each with the values of the changes it superseded.
    static func historyEntries(_ changes: [Change]) -> [HistoryEntry] {
        // A record written once supersedes nothing: no change to look up.
        guard changes.contains(where: { !$0.bases.isEmpty }) else { return changes.map { HistoryEntry(change: $0, previous: []) } }
        let byID = Dictionary(changes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return changes.map { change in
            HistoryEntry(change: change, previous: change.bases.compactMap { byID[$0]?.value })
        }
    }

    func readHistory(_ db: Database, _ id: RecordID, field: String?) throws -> [Change] {
        var sql = "SELECT field, heads FROM gs_field WHERE scope = ? AND collection = ? AND key = ?"
        var arguments: StatementArguments = [id.scope.name, id.collection, id.key]
        if let field {
            sql += " AND field = +?"
            arguments += [field]
        }
        var pending: [(rowID: Int64, field: String)] = []
        for row in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments) {
            let name: String = row[0]
            pending += Self.decodeRowIDs(row[1]).map { ($0, name) }
        }
        return try readHistory(db, id, heads: pending)
    }

    /// The changes of a record's fields from their heads (rowid and field), oldest first.
    ///
    /// `known` holds changes already read, by rowid: they are not read again.
    func readHistory(_ db: Database, _ id: RecordID, heads: [(rowID: Int64, field: String)], known: [Int64: Change] = [:]) throws -> [Change] {
        var known = known
        var pending = heads
        var visited = Set<Int64>()
        var found: [(rowID: Int64, change: Change)] = []
        // The changes are read a generation at a time (the heads, then the bases they name, …), each generation in
        // one statement: a record's history is one read per generation, not one per change. Each row is decoded
        // in place from the statement, not copied into a `Row` first.
        while !pending.isEmpty {
            let wanted = Set(pending.map(\.rowID)).subtracting(visited)
            var changes = known
            known = [:]
            let missing = wanted.filter { changes[$0] == nil }
            if !missing.isEmpty {
                let generation = try RawStatement(db, sql: """
                    SELECT \(Self.changeColumns) FROM gs_change c WHERE c.rowid IN (SELECT value FROM json_each(?))
                    """)
                try generation.bind(1, "[" + missing.map(String.init).joined(separator: ",") + "]")
                defer { generation.reset() }
                while try generation.step() { changes[generation.int64(0)] = try decodeChange(db, generation) }
            }
            let asked = pending
            pending = []
            for next in asked {
                guard !visited.contains(next.rowID), let change = changes[next.rowID] else { continue }
                // A base may name a change of another field or record: it belongs to that history, not this one, and
                // is found there (so it is marked as visited only once it is taken).
                guard change.record == id, change.field == next.field else { continue }
                visited.insert(next.rowID)
                found.append((next.rowID, change))
                for base in change.bases where base.scope == id.scope {
                    if let rowID = try rowID(db, of: base) { pending.append((rowID, next.field)) }
                }
            }
        }
        return found.sorted { $0.rowID < $1.rowID }.map(\.change)
    }

    /// The heads of one field, the shown one first.
    public func heads(_ id: RecordID, field: String) throws -> [Change] {
        try writer.read { db in try self.readHeads(db, id, field: field) }
    }

    func readHeads(_ db: Database, _ id: RecordID, field: String) throws -> [Change] {
        let headList = try String.fetchOne(db.cachedStatement(sql: """
            SELECT heads FROM gs_field WHERE scope = ? AND collection = ? AND key = ? AND field = +?
            """), arguments: [id.scope.name, id.collection, id.key, field]) ?? ""
        // Each head decoded from its row in place: `Row.fetchOne` would copy every row, column names included.
        let statement = try db.cachedStatement(sql: "SELECT \(Self.changeColumns) FROM gs_change c WHERE c.rowid = ?")
        var heads: [Change] = []
        for rowID in Self.decodeRowIDs(headList) {
            let rows = try Row.fetchCursor(statement, arguments: [rowID])
            while let row = try rows.next() { heads.append(try decodeChange(db, row)) }
        }
        return FieldMerge(heads: heads).heads
    }

    /// The conflict journal: fields edited concurrently and records deleted while edited, sorted by record.
    public func conflicts() throws -> [ConflictEntry] {
        try writer.read { db in try self.readConflicts(db) }
    }

    /// The conflict journal, from an async context.
    public func conflictsAsync() async throws -> [ConflictEntry] {
        try await writer.read { db in try self.readConflicts(db) }
    }

    /// A page of the conflict journal, `limit` entries from `offset`, and how many entries the whole journal has.
    ///
    /// Only the page's conflicted fields are read, by `LIMIT`/`OFFSET` over the conflicted-field index, with their
    /// heads; the total is a count of that index plus the deletions reviewed (each shown deletion, as for the journal).
    public func conflicts(limit: Int, offset: Int) throws -> (entries: [ConflictEntry], total: Int) {
        try writer.read { db in try self.readConflicts(db, limit: limit, offset: offset) }
    }

    /// A page of the conflict journal (every entry when `limit` is nil) and the records of one collection in one scope,
    /// read in one transaction: a page that names the journal's departments from the directory makes one trip to a
    /// reader connection, not two.
    public func conflicts(limit: Int?, offset: Int, withRecordsOf collection: String, scope: Scope) throws
        -> (entries: [ConflictEntry], total: Int, records: [RecordState]) {
        try writer.read { db in
            let page = try self.readConflicts(db, limit: limit, offset: offset)
            return (page.entries, page.total, try self.readRecords(db, collection: collection, scope: scope, includeDeleted: false))
        }
    }

    func readConflicts(_ db: Database) throws -> [ConflictEntry] {
        try readConflicts(db, limit: nil, offset: 0).entries
    }

    func readConflicts(_ db: Database, limit: Int?, offset: Int) throws -> (entries: [ConflictEntry], total: Int) {
        let deleted = try readDeletedWhileEdited(db)
        let fieldCount = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM gs_field WHERE conflicted = 1")) ?? 0
        let total = fieldCount + deleted.count
        let start = min(max(0, offset), total)
        let end = limit.map { min(total, start + max(0, $0)) } ?? total
        // The journal is sorted by record, a record's conflicted fields (by name) before its deletion. A deletion's
        // place is its rank among the deletions plus the conflicted fields of records up to its own; the page's
        // fields are then the conflicted fields from `start` less the deletions placed before the page.
        var deletedBefore = 0
        var deletedOnPage: [ConflictEntry] = []
        for (rank, entry) in deleted.enumerated() {
            let record = entry.record
            let fieldsUpTo = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM gs_field WHERE conflicted = 1 AND (scope, collection, key) <= (?, ?, ?)
                """), arguments: [record.scope.name, record.collection, record.key]) ?? 0
            let position = rank + fieldsUpTo
            if position >= end { break }
            if position < start { deletedBefore += 1 } else { deletedOnPage.append(entry) }
        }
        var fields: [ConflictEntry] = []
        let fieldLimit = end - start - deletedOnPage.count
        if fieldLimit > 0 {
            fields = try readConflictedFields(db, limit: fieldLimit, offset: start - deletedBefore)
        }
        // Both lists are sorted by record: merged, a record's fields come before its deletion.
        var entries: [ConflictEntry] = []
        entries.reserveCapacity(fields.count + deletedOnPage.count)
        var nextDeleted = deletedOnPage.makeIterator()
        var pending = nextDeleted.next()
        for entry in fields {
            while let deletion = pending, deletion.record < entry.record {
                entries.append(deletion)
                pending = nextDeleted.next()
            }
            entries.append(entry)
        }
        while let deletion = pending {
            entries.append(deletion)
            pending = nextDeleted.next()
        }
        return (entries, total)
    }

    /// `limit` conflicted fields from `offset`, sorted by record and field, each with its heads (as `readHeads` gives
    /// them): one statement for the fields and the changes their heads name, decoded straight from SQLite, where a
    /// statement per field and one per head cost more than SQLite's work. A LEFT JOIN, so a field is listed even should
    /// a head be missing from the log (as `readHeads` skips it).
    func readConflictedFields(_ db: Database, limit: Int, offset: Int) throws -> [ConflictEntry] {
        let statement = try RawStatement(db, sql: """
            SELECT f.scope, f.collection, f.key, f.field, \(Self.changeColumns)
            FROM (SELECT scope, collection, key, field, heads FROM gs_field WHERE conflicted = 1
                  ORDER BY scope, collection, key, field LIMIT ?1 OFFSET ?2) f
            LEFT JOIN json_each('[' || f.heads || ']') h
            LEFT JOIN gs_change c ON c.rowid = h.value
            ORDER BY f.scope, f.collection, f.key, f.field, h.id
            """)
        try statement.bind(1, limit)
        try statement.bind(2, offset)
        var fields: [ConflictEntry] = []
        fields.reserveCapacity(limit)
        var current: (record: RecordID, field: String, heads: [Change])?
        func close() {
            if let current { fields.append(.field(record: current.record, field: current.field, heads: FieldMerge(heads: current.heads).heads)) }
        }
        defer { statement.reset() }
        while try statement.step() {
            if let open = current, statement.textEquals(0, open.record.scope.name), statement.textEquals(1, open.record.collection),
               statement.textEquals(2, open.record.key), statement.textEquals(3, open.field) {
                // Another head of the same field.
            } else {
                close()
                current = (RecordID(scope: Scope(storedName: statement.text(0)), collection: statement.text(1), key: statement.text(2)),
                           statement.text(3), [])
            }
            guard statement.int64(4) != 0, let record = current?.record, let field = current?.field else { continue }
            let change = try decodeChange(db, statement, from: 4, record: record, field: field, author: current?.heads.last?.author)
            current?.heads.append(change)
        }
        close()
        return fields
    }

    /// The records deleted while edited, sorted by record: each shown deletion is reviewed against its other fields'
    /// heads (a deletion that saw every head needs no review).
    func readDeletedWhileEdited(_ db: Database) throws -> [ConflictEntry] {
        var deleted: [ConflictEntry] = []
        for row in try Row.fetchAll(db.cachedStatement(sql: Self.shownDeletedSQL)) {
            let id = RecordID(scope: Scope(storedName: row[0]), collection: row[1], key: row[2])
            let tombstone = FieldMerge(heads: try self.readHeads(db, id, field: Change.tombstoneField))
            let fieldHeads = try Row.fetchAll(db.cachedStatement(sql: StoreSchema.otherFieldHeadsSQL),
                                              arguments: [id.scope.name, id.collection, id.key]).map { head in
                (field: head[0] as String, heads: try self.changeIDs(db, rowIDs: Self.decodeRowIDs(head[1])))
            }
            let unseen = DeletionReview.unseenFields(tombstone: tombstone, fieldHeads: fieldHeads)
            if !unseen.isEmpty { deleted.append(.deletedWhileEdited(record: id, unseenFields: unseen)) }
        }
        return deleted
    }

    /// The records whose shown tombstone says deleted: the candidates for "deleted while edited".
    static let shownDeletedSQL = """
        SELECT scope, collection, key FROM gs_field
        WHERE field = \(StoreSchema.tombstoneFieldLiteral) AND value = \(StoreSchema.deletedValueLiteral)
        ORDER BY scope, collection, key
        """

    /// Every change held, in storage order (for verification and tests; memory grows with the log).
    public func allChanges() throws -> [Change] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.changeColumns) FROM gs_change c ORDER BY c.rowid").map { try self.decodeChange(db, $0) }
        }
    }

    /// Origins seen stamping further ahead than the allowed drift.
    public func clockSuspects() throws -> [ClockSuspect] {
        try writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT origin, max_ahead_ms, last_seen_ms FROM gs_clock_suspect ORDER BY origin")).map { row in
                ClockSuspect(origin: try self.originID(db, number: row[0]),
                             aheadMilliseconds: UInt64(row[1] as Int64), lastSeenMilliseconds: UInt64(row[2] as Int64))
            }
        }
    }
}

/// Collects a record's `gs_field` rows into a `RecordState`.
struct RecordBuilder {
    let id: RecordID
    var fields: [String: FieldValue] = [:]
    var conflicted: Set<String> = []
    var isDeleted = false

    init(id: RecordID, capacity: Int = 0) {
        self.id = id
        fields.reserveCapacity(capacity)
    }

    /// Adds a field row, and returns its value as read.
    @discardableResult
    mutating func add(field: String, valueText: String, conflicted isConflicted: Bool) throws -> FieldValue {
        let value = try FieldValue(parsingJSON: valueText)
        if isConflicted { conflicted.insert(field) }
        if field == Change.tombstoneField {
            isDeleted = value == Change.deletedValue
        } else {
            fields[field] = value
        }
        return value
    }

    var state: RecordState { RecordState(id: id, fields: fields, conflictedFields: conflicted, isDeleted: isDeleted) }
}
