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
