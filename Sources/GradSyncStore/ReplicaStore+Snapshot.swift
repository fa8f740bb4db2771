import Foundation
import GRDB
import GradSyncCore

extension ReplicaStore {
    /// A new replica at `path` holding exactly the changes this one had received by `cutoffMilliseconds` (this
    /// node's receive time, `gs_change.received_at_ms`), merged by the same rules: the state as this node knew it then.
    ///
    /// The set of changes received by a past moment never changes, so the snapshot (and any figure counted over it)
    /// is the same whenever it is made. Changes are copied in storage order, every change after its bases, through the
    /// ordinary apply path without a validator: each was accepted when it arrived, and a rule tightened since must not
    /// rewrite what the node knew then.
    public func snapshot(receivedThrough cutoffMilliseconds: UInt64, at path: String) throws -> ReplicaStore {
        let copy = try ReplicaStore.create(at: path, scope: scope, options: Options(validator: AcceptAllValidator()))
        do {
            try writer.read { db in
                let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                    SELECT \(Self.changeColumns) FROM gs_change c WHERE c.received_at_ms <= ? ORDER BY c.rowid
                    """), arguments: [Int64(clamping: cutoffMilliseconds)])
                var page: [Change] = []
                while let row = try rows.next() {
                    page.append(try self.decodeChange(db, row))
                    if page.count == 2_000 {
                        try copy.apply(page)
                        page.removeAll(keepingCapacity: true)
                    }
                }
                if !page.isEmpty { try copy.apply(page) }
            }
        } catch {
            try? copy.close()
            throw error
        }
        return copy
    }
}

/// A report as it was published: what it said, as of when, and the vector of the changes it was counted from.
public struct Publication: Sendable, Equatable {
    /// The name it was published under, e.g. `初次统计`; unique in the replica.
    public var label: String
    /// The cutoff it was counted as of, as the caller names it (e.g. `2024-08-31`).
    public var asOf: String
    /// The changes it was counted from: every change this node had received by the cutoff.
    public var vector: VersionVector
    /// The published text, kept byte for byte.
    public var body: String
    /// When it was published (this node's clock), Unix milliseconds.
    public var publishedAtMilliseconds: UInt64

    /// Describes a publication.
    public init(label: String, asOf: String, vector: VersionVector, body: String, publishedAtMilliseconds: UInt64) {
        self.label = label
        self.asOf = asOf
        self.vector = vector
        self.body = body
        self.publishedAtMilliseconds = publishedAtMilliseconds
    }
}

extension ReplicaStore {
    /// Keeps a published report; false (and nothing written) when one is already kept under its label.
    public func publish(_ publication: Publication) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO gs_publication (label, as_of, vector, body, published_at_ms) VALUES (?, ?, ?, ?, ?)
                """, arguments: [publication.label, publication.asOf, SyncHealth.encodeVector(publication.vector), publication.body,
                                 Int64(clamping: publication.publishedAtMilliseconds)])
            return db.changesCount == 1
        }
    }

    /// The publications kept, oldest first, or the one under `label`.
    public func publications(label: String? = nil) throws -> [Publication] {
        try writer.read { db in
            let sql = "SELECT label, as_of, vector, body, published_at_ms FROM gs_publication"
                + (label == nil ? "" : " WHERE label = ?") + " ORDER BY published_at_ms, label"
            return try Row.fetchAll(db, sql: sql, arguments: label.map { [$0] } ?? []).map { row in
                Publication(label: row[0], asOf: row[1], vector: SyncHealth.decodeVector(row[2]), body: row[3],
                            publishedAtMilliseconds: UInt64(row[4] as Int64))
            }
        }
    }
}
