import GRDB
import GradSyncCore

extension ReplicaStore {
    /// The number of records of a collection that are not deleted, in every scope held but `shared`.
    ///
    /// Counted in SQL over the materialised state: a record is live unless its shown tombstone says deleted.
    public func liveRecordCount(collection: String) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM (SELECT DISTINCT scope, key FROM gs_field WHERE collection = ? AND scope <> 'shared') r
                WHERE NOT EXISTS (
                    SELECT 1 FROM gs_field d WHERE d.scope = r.scope AND d.collection = ? AND d.key = r.key
                    AND d.field = \(StoreSchema.tombstoneFieldLiteral) AND d.value = \(StoreSchema.deletedValueLiteral))
                """), arguments: [collection, collection]) ?? 0
        }
    }

    /// The number of live records of a collection with a field in conflict, in every scope held but `shared`
    /// (of `scope` when given): read through the partial index of conflicted fields, not by loading every record.
    public func liveConflictedRecordCount(collection: String, scope: Scope? = nil) throws -> Int {
        var sql = "SELECT count(*) FROM (SELECT DISTINCT scope, key FROM gs_field WHERE conflicted = 1 AND collection = ?"
            + " AND scope <> 'shared'"
        var arguments: StatementArguments = [collection]
        if let scope {
            sql += " AND scope = ?"
            arguments += [scope.name]
        }
        sql += """
            ) r WHERE NOT EXISTS (
                SELECT 1 FROM gs_field d WHERE d.scope = r.scope AND d.collection = ? AND d.key = r.key
                AND d.field = \(StoreSchema.tombstoneFieldLiteral) AND d.value = \(StoreSchema.deletedValueLiteral))
            """
        arguments += [collection]
        return try writer.read { db in try Int.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? 0 }
    }

    /// The number of records of a collection held (deleted ones too), in every scope but `shared`.
    public func recordCount(collection: String) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM (SELECT DISTINCT scope, key FROM gs_field WHERE collection = ? AND scope <> 'shared')
                """), arguments: [collection]) ?? 0
        }
    }

    /// The number of records of a collection (deleted ones too) touched by a change of `held` that `peer` lacks.
    ///
    /// What a person waits on after an offline day is graduates, not changes: ten edits of one record are one
    /// record not yet synced. Each stream is read from the first seq the peer lacks, through the log's unique index.
    public func recordCount(collection: String, changedIn held: VersionVector, missingFrom peer: VersionVector) throws -> Int {
        try writer.read { db in
            var records = Set<String>()
            for (stream, first) in held.missing(from: peer) {
                guard let origin = try self.existingOriginNumber(db, for: stream.origin) else { continue }
                let keys = try String.fetchCursor(db.cachedStatement(sql: """
                    SELECT key FROM gs_change WHERE origin = ? AND scope = ? AND seq >= ? AND collection = ?
                    """), arguments: [origin, stream.scope.name, Int64(bitPattern: first), collection])
                while let key = try keys.next() { records.insert(stream.scope.name + "\u{0}" + key) }
            }
            return records.count
        }
    }
}

/// Live records that show the same values for some fields, counted once: one row of a grouped count.
public struct FieldValueCount: Sendable, Equatable {
    /// The records' scope.
    public var scope: Scope
    /// The shown value of each field asked for, in the order asked; nil where the field is absent.
    public var values: [FieldValue?]
    /// Whether each field asked for by presence holds a value (absent or JSON null: false), in the order asked.
    public var present: [Bool]
    /// How many live records show these values.
    public var count: Int

    /// Makes a row.
    public init(scope: Scope, values: [FieldValue?], present: [Bool] = [], count: Int) {
        self.scope = scope
        self.values = values
        self.present = present
        self.count = count
    }
}

extension ReplicaStore {
    /// Live records of a collection counted by scope and the shown values of `fields`, computed by one SQL
    /// aggregate over the materialised state: memory grows with the number of distinct value combinations,
    /// never with the number of records.
    ///
    /// Only records of `scope` (when given; `shared` is always left out) that show every value of `matching`
    /// are counted. Rows come sorted by scope, then by the values' stored text.
    ///
    /// Fields in `presence` are grouped by whether they hold a value, not by the value: a count of the records
    /// lacking a field stays a handful of rows where grouping by a name or a code would make one row per record.
    public func liveRecordCounts(collection: String, scope: Scope? = nil, groupingBy fields: [String],
                                 presence: [String] = [], matching: [String: FieldValue] = [:]) throws -> [FieldValueCount] {
        try writer.read { db in
            try self.readLiveRecordCounts(db, collection: collection, scope: scope, fields: fields, presence: presence,
                                          matching: matching)
        }
    }

    func readLiveRecordCounts(_ db: Database, collection: String, scope: Scope?, fields: [String], presence: [String] = [],
                              matching: [String: FieldValue]) throws -> [FieldValueCount] {
        let (sql, arguments) = Self.groupedCountSQL(collection: collection, scope: scope, fields: fields, presence: presence,
                                                    matching: matching)
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var result: [FieldValueCount] = []
        while let row = try rows.next() {
            let values = try fields.indices.map { index -> FieldValue? in
                let text: String? = row[index + 1]
                return try text.map { try FieldValue(parsingJSON: $0) }
            }
            let present = presence.indices.map { index -> Bool in row[fields.count + 1 + index] }
            result.append(FieldValueCount(scope: Scope(storedName: row[0]), values: values, present: present,
                                          count: row[fields.count + presence.count + 1]))
        }
        return result
    }

    /// The live records of a collection driving a report's query: distinct (scope, key) with no shown deletion.
    ///
    /// Each wanted field is one lookup of `gs_field`'s primary key per record, so the statement's cost grows with the
    /// records it counts and the fields it reads, not with the width of the records.
    static func groupedCountSQL(collection: String, scope: Scope?, fields: [String], presence: [String] = [],
                                matching: [String: FieldValue]) -> (String, StatementArguments) {
        let driver = liveRecordDriver(collection: collection, scope: scope, matching: matching)
        // A field held as JSON null is no value, as a record read whole shows it (`FieldValue.isNull`).
        let held = presence.indices.map { "(p\($0).value IS NOT NULL AND p\($0).value <> 'null')" }
        var sql = "SELECT r.scope"
        for index in fields.indices { sql += ", f\(index).value" }
        for expression in held { sql += ", " + expression }
        sql += ", count(*) FROM " + driver.sql
        var arguments = driver.arguments
        for (index, field) in fields.enumerated() {
            sql += " LEFT JOIN gs_field f\(index) ON f\(index).scope = r.scope AND f\(index).collection = ? AND f\(index).key = r.key"
                + " AND f\(index).field = ?"
            arguments += [collection, field]
        }
        for (index, field) in presence.enumerated() {
            sql += " LEFT JOIN gs_field p\(index) ON p\(index).scope = r.scope AND p\(index).collection = ? AND p\(index).key = r.key"
                + " AND p\(index).field = ?"
            arguments += [collection, field]
        }
        sql += driver.joins
        arguments += driver.joinArguments
        sql += """
             WHERE NOT EXISTS (SELECT 1 FROM gs_field d WHERE d.scope = r.scope AND d.collection = ? AND d.key = r.key
                AND d.field = \(StoreSchema.tombstoneFieldLiteral) AND d.value = \(StoreSchema.deletedValueLiteral))
             GROUP BY r.scope
            """
        arguments += [collection]
        for index in fields.indices { sql += ", f\(index).value" }
        for expression in held { sql += ", " + expression }
        sql += " ORDER BY r.scope"
        for index in fields.indices { sql += ", f\(index).value" }
        for expression in held { sql += ", " + expression }
        return (sql, arguments)
    }
}

extension ReplicaStore {
    /// The records a report's query starts from, aliased `r` (scope, key), and the joins that keep only those showing
    /// every value of `matching` (liveness is the caller's `WHERE`).
    ///
    /// Without conditions that is every distinct (scope, key) of the collection, a pass over its whole state. With
    /// some, one of them (the cohort when asked for) drives: only the rows showing that value are read, through the
    /// partial index `gs_field_cohort` for the cohort, and the others are joined.
    static func liveRecordDriver(collection: String, scope: Scope?, matching: [String: FieldValue])
        -> (sql: String, arguments: StatementArguments, joins: String, joinArguments: StatementArguments) {
        var conditions = matching.sorted { $0.key < $1.key }
        var arguments: StatementArguments = [collection]
        var sql: String
        if let first = conditions.firstIndex(where: { $0.key == StoreSchema.cohortField }) ?? conditions.indices.first {
            let driving = conditions.remove(at: first)
            sql = "(SELECT scope, key FROM gs_field WHERE collection = ? AND field = \(StoreSchema.fieldLiteral(driving.key))"
                + " AND value = ? AND scope <> 'shared'"
            arguments += [CanonicalBytes.text(driving.value)]
        } else {
            sql = "(SELECT DISTINCT scope, key FROM gs_field WHERE collection = ? AND scope <> 'shared'"
        }
        if let scope {
            sql += " AND scope = ?"
            arguments += [scope.name]
        }
        sql += ") r"
        var joins = ""
        var joinArguments: StatementArguments = []
        for (index, condition) in conditions.enumerated() {
            joins += " JOIN gs_field m\(index) ON m\(index).scope = r.scope AND m\(index).collection = ? AND m\(index).key = r.key"
                + " AND m\(index).field = ? AND m\(index).value = ?"
            joinArguments += [collection, condition.key, CanonicalBytes.text(condition.value)]
        }
        return (sql, arguments, joins, joinArguments)
    }

    /// The distinct values `field` shows among the live records of a collection (of `scope` when given; `shared` left
    /// out), ordered by their stored text: the cohorts held, read from the index of the cohort field rather than by
    /// grouping every record.
    public func liveFieldValues(collection: String, scope: Scope? = nil, field: String) throws -> [FieldValue] {
        let literal = StoreSchema.fieldLiteral(field)
        var arguments: StatementArguments = [collection, collection]
        var sql = """
            SELECT v.value FROM (SELECT DISTINCT value FROM gs_field WHERE collection = ? AND field = \(literal)) v
            WHERE EXISTS (SELECT 1 FROM gs_field y WHERE y.collection = ? AND y.field = \(literal) AND y.value = v.value
                AND y.scope <> 'shared'
            """
        if let scope {
            sql += " AND y.scope = ?"
            arguments += [scope.name]
        }
        sql += """
             AND NOT EXISTS (SELECT 1 FROM gs_field d WHERE d.scope = y.scope AND d.collection = ? AND d.key = y.key
                AND d.field = \(StoreSchema.tombstoneFieldLiteral) AND d.value = \(StoreSchema.deletedValueLiteral)))
             ORDER BY v.value
            """
        arguments += [collection]
        return try writer.read { db in
            try String.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { try FieldValue(parsingJSON: $0) }
        }
    }
}

extension ReplicaStore {
    /// The live records of a collection whose `field` shows one of `values` (nil: the field is absent), sorted by
    /// (scope, key), `limit` of them from `offset` (all when `limit` is nil): a page of a list, read in SQL.
    public func liveRecordIDs(collection: String, scope: Scope? = nil, field: String, values: [FieldValue?],
                              matching: [String: FieldValue] = [:], limit: Int? = nil, offset: Int = 0) throws -> [RecordID] {
        let texts = values.compactMap { $0.map(CanonicalBytes.text) }
        let absent = values.contains { $0 == nil }
        guard !texts.isEmpty || absent else { return [] }
        let driver = Self.liveRecordDriver(collection: collection, scope: scope, matching: matching)
        var arguments = driver.arguments
        var sql = "SELECT r.scope, r.key FROM " + driver.sql
        sql += " LEFT JOIN gs_field f ON f.scope = r.scope AND f.collection = ? AND f.key = r.key AND f.field = ?"
        arguments += [collection, field]
        sql += driver.joins
        arguments += driver.joinArguments
        var wanted: [String] = []
        if !texts.isEmpty {
            wanted.append("f.value IN (" + texts.map { _ in "?" }.joined(separator: ", ") + ")")
            for text in texts { arguments += [text] }
        }
        if absent { wanted.append("f.value IS NULL") }
        sql += """
             WHERE (\(wanted.joined(separator: " OR "))) AND NOT EXISTS (SELECT 1 FROM gs_field d WHERE d.scope = r.scope
                AND d.collection = ? AND d.key = r.key AND d.field = \(StoreSchema.tombstoneFieldLiteral)
                AND d.value = \(StoreSchema.deletedValueLiteral))
             ORDER BY r.scope, r.key LIMIT ? OFFSET ?
            """
        arguments += [collection, limit ?? -1, offset]
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                RecordID(scope: Scope(storedName: row[0]), collection: collection, key: row[1])
            }
        }
    }

    /// The records named, as shown, in one read (ids never written are left out).
    public func records(_ ids: [RecordID]) throws -> [RecordState] {
        try writer.read { db in try ids.compactMap { try self.readRecord(db, $0) } }
    }
}

extension ReplicaStore {
    /// Visits each live record of a collection (of `scope` when given; `shared` left out) that shows every value of
    /// `matching`, sorted by (scope, key), one at a time: memory holds one record, whatever the collection's size.
    ///
    /// `body` runs inside one read transaction, so every record visited is from the same state.
    public func forEachLiveRecord(collection: String, scope: Scope? = nil, matching: [String: FieldValue] = [:],
                                  _ body: (RecordState) throws -> Void) throws {
        try writer.read { db in
            var sql = "SELECT scope, key, field, value, conflicted FROM gs_field WHERE collection = ? AND scope <> 'shared'"
            var arguments: StatementArguments = [collection]
            if let scope {
                sql += " AND scope = ?"
                arguments += [scope.name]
            }
            sql += " ORDER BY scope, key"
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var builder: RecordBuilder?
            func finish() throws {
                guard let done = builder?.state, !done.isDeleted,
                      matching.allSatisfy({ done.fields[$0.key] == $0.value }) else { return }
                try body(done)
            }
            while let row = try rows.next() {
                let id = RecordID(scope: Scope(storedName: row[0]), collection: collection, key: row[1])
                if builder?.id != id {
                    try finish()
                    builder = RecordBuilder(id: id)
                }
                try builder!.add(field: row[2], valueText: row[3], conflicted: row[4])
            }
            try finish()
        }
    }
}
