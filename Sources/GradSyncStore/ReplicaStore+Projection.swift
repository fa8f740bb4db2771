import GRDB
import GradSyncCore

extension ReplicaStore {
    /// Every record of a collection (of `scope` when given; `shared` left out), sorted by (scope, key), showing only
    /// the fields named in `fields`, with its whole set of conflicted fields and whether it is deleted; deleted
    /// records only when asked.
    ///
    /// What a list filters and sorts by before it reads the page it shows: each record costs one row and a lookup of
    /// `gs_field`'s primary key per field named, where reading records whole decodes every field of every record.
    public func records(collection: String, scope: Scope? = nil, includeDeleted: Bool = false,
                        reading fields: [String]) throws -> [RecordState] {
        let named = Array(Set(fields).subtracting([Change.tombstoneField])).sorted()
        var sql = "SELECT r.scope, r.key, t.value"
        for index in named.indices { sql += ", f\(index).value" }
        sql += " FROM (SELECT DISTINCT scope, key FROM gs_field WHERE collection = ? AND scope <> 'shared'"
        var arguments: StatementArguments = [collection]
        if let scope {
            sql += " AND scope = ?"
            arguments += [scope.name]
        }
        sql += ") r LEFT JOIN gs_field t ON t.scope = r.scope AND t.collection = ? AND t.key = r.key"
            + " AND t.field = \(StoreSchema.tombstoneFieldLiteral)"
        arguments += [collection]
        for (index, field) in named.enumerated() {
            sql += " LEFT JOIN gs_field f\(index) ON f\(index).scope = r.scope AND f\(index).collection = ? AND f\(index).key = r.key"
                + " AND f\(index).field = ?"
            arguments += [collection, field]
        }
        sql += " ORDER BY r.scope, r.key"
        return try writer.read { db in
            let conflicted = try Self.conflictedFields(db, collection: collection)
            var result: [RecordState] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() {
                let id = RecordID(scope: Scope(storedName: row[0]), collection: collection, key: row[1])
                var builder = RecordBuilder(id: id)
                if let tombstone: String = row[2] { try builder.add(field: Change.tombstoneField, valueText: tombstone, conflicted: false) }
                guard includeDeleted || !builder.isDeleted else { continue }
                for (index, field) in named.enumerated() {
                    if let text: String = row[index + 3] { try builder.add(field: field, valueText: text, conflicted: false) }
                }
                builder.conflicted = conflicted[id] ?? []
                result.append(builder.state)
            }
            return result
        }
    }

    /// The live records of a collection (of `scope` when given; `shared` left out) that hold `field`, sorted by
    /// (scope, key), showing only `field` and the fields named in `fields`, with their whole sets of conflicted fields.
    ///
    /// Found by one pass over the rows of `field` rather than a lookup per record: what a list of the few records
    /// holding a field (the key-group graduates) costs, whatever the number of records without it.
    public func liveRecords(collection: String, scope: Scope? = nil, holding field: String,
                            reading fields: [String]) throws -> [RecordState] {
        let named = Array(Set(fields).subtracting([field, Change.tombstoneField])).sorted()
        var sql = "SELECT k.scope, k.key, k.value"
        for index in named.indices { sql += ", f\(index).value" }
        sql += " FROM gs_field k"
        var arguments: StatementArguments = []
        for (index, name) in named.enumerated() {
            sql += " LEFT JOIN gs_field f\(index) ON f\(index).scope = k.scope AND f\(index).collection = k.collection"
                + " AND f\(index).key = k.key AND f\(index).field = ?"
            arguments += [name]
        }
        sql += " WHERE k.collection = ? AND k.field = ? AND k.scope <> 'shared'"
        arguments += [collection, field]
        if let scope {
            sql += " AND k.scope = ?"
            arguments += [scope.name]
        }
        sql += """
             AND NOT EXISTS (SELECT 1 FROM gs_field d WHERE d.scope = k.scope AND d.collection = k.collection AND d.key = k.key
                AND d.field = \(StoreSchema.tombstoneFieldLiteral) AND d.value = \(StoreSchema.deletedValueLiteral))
             ORDER BY k.scope, k.key
            """
        return try writer.read { db in
            let conflicted = try Self.conflictedFields(db, collection: collection)
            var result: [RecordState] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() {
                var builder = RecordBuilder(id: RecordID(scope: Scope(storedName: row[0]), collection: collection, key: row[1]))
                try builder.add(field: field, valueText: row[2], conflicted: false)
                for (index, name) in named.enumerated() {
                    if let text: String = row[index + 3] { try builder.add(field: name, valueText: text, conflicted: false) }
                }
                builder.conflicted = conflicted[builder.id] ?? []
                result.append(builder.state)
            }
            return result
        }
    }

    /// The conflicted fields of each record of a collection that has any: few, and read through their partial index,
    /// so a record read for some fields still shows every field in conflict.
    static func conflictedFields(_ db: Database, collection: String) throws -> [RecordID: Set<String>] {
        var conflicted: [RecordID: Set<String>] = [:]
        let marks = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT scope, key, field FROM gs_field WHERE conflicted = 1 AND collection = ?
            """), arguments: [collection])
        while let row = try marks.next() {
            conflicted[RecordID(scope: Scope(storedName: row[0]), collection: collection, key: row[1]), default: []].insert(row[2])
        }
        return conflicted
    }
}
