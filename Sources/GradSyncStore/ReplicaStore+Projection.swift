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
            // The conflicted fields are few and indexed: read apart, so every record has them whole whatever it shows.
            var conflicted: [RecordID: Set<String>] = [:]
            let marks = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT scope, key, field FROM gs_field WHERE conflicted = 1 AND collection = ?
                """), arguments: [collection])
            while let row = try marks.next() {
                conflicted[RecordID(scope: Scope(storedName: row[0]), collection: collection, key: row[1]), default: []].insert(row[2])
            }
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
}
