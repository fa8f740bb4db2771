import Foundation
import GRDB
import GradSyncCore
import GradSyncStore

/// Helpers of the snapshot loader's tests: a plan and entries for a list of changes, and a replica's tables as text.
enum SnapshotLoadTesting {
    /// The plan of a snapshot holding exactly `changes` (each stream from seq 1, in order).
    static func plan(_ changes: [Change], scope: ReplicaScope = .central) -> SnapshotPlan {
        var last: [StreamKey: Change] = [:]
        for change in changes where change.id.seq > (last[change.id.stream]?.id.seq ?? 0) { last[change.id.stream] = change }
        return SnapshotPlan(scope: scope, tips: last.values.sorted { $0.id < $1.id }.map {
            SnapshotPlan.Tip(stream: $0.id.stream, seq: $0.id.seq, hash: $0.contentHash)
        })
    }

    /// Entries carrying each change's own content hash.
    static func entries(_ changes: [Change]) -> [SnapshotLoadEntry] {
        changes.map { SnapshotLoadEntry(change: $0, contentHash: $0.contentHash) }
    }

    /// Every replicated table of the replica, row by row as text, with origins by replica id (each replica numbers
    /// them in its own order) and without the local receive time.
    static func tables(_ store: ReplicaStore) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: store.path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        defer { try? queue.close() }
        return try queue.read { db in
            var tables: [String: [String]] = [:]
            let queries = [
                "gs_change": """
                    SELECT c.rowid, o.replica_id, c.scope, c.seq, c.hlc, c.collection, c.key, c.field, c.value, c.bases, c.seen,
                           c.author, c.hash FROM gs_change c JOIN gs_origin o ON o.id = c.origin ORDER BY c.rowid
                    """,
                "gs_field": "SELECT * FROM gs_field ORDER BY scope, collection, key, field",
                "gs_pending_base": "SELECT * FROM gs_pending_base ORDER BY origin, scope, seq, collection, key, field",
                "gs_vector": "SELECT o.replica_id, v.scope, v.seq FROM gs_vector v JOIN gs_origin o ON o.id = v.origin ORDER BY 1, 2",
                "schema": "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
            ]
            for (name, sql) in queries {
                tables[name] = try Row.fetchAll(db, sql: sql).map { row in
                    row.databaseValues.map { $0.description }.joined(separator: "|")
                }
            }
            return tables
        }
    }
}

/// A source that yields its chunks and then fails, as a download cut off midway would.
struct FailingSource: SnapshotChangeSource {
    struct Cut: Error, Equatable {}
    var inner: SnapshotEntryArray
    var chunksBeforeFailure: Int

    mutating func nextEntries() throws -> [SnapshotLoadEntry]? {
        guard chunksBeforeFailure > 0 else { throw Cut() }
        chunksBeforeFailure -= 1
        return try inner.nextEntries()
    }
}
