import GRDB
import GradSyncCore

/// What this replica knows of a remote it syncs with (client side).
public struct PeerState: Sendable, Equatable {
    /// The remote's URL.
    public var url: String
    /// The remote's vector, within the scope both share, as of the last sync.
    public var vector: VersionVector
    /// When the last sync completed, Unix milliseconds.
    public var lastSyncMilliseconds: UInt64?
    /// When a sync was last tried.
    public var lastAttemptMilliseconds: UInt64?
    /// The last failure's machine code, if the last attempt failed.
    public var lastError: String?
    /// The remote's clock minus this replica's, as seen in the last handshake.
    public var clockOffsetMilliseconds: Int64?
}

/// What a serving node saw of a replica that syncs with it (server side): the sync health the office watches.
public struct ClientHealth: Sendable, Equatable {
    /// The client replica's id, as it gave it.
    public var replicaID: String
    /// The scope it syncs (its request's, or its token's on a refused push).
    public var scope: String
    /// The token it last came with, if any.
    public var tokenID: String?
    /// When this node last heard from it, Unix milliseconds.
    public var lastSeenMilliseconds: UInt64
    /// When it last held everything this node held for it, Unix milliseconds.
    public var lastSyncMilliseconds: UInt64?
    /// Changes this node held that the replica lacked at its last handshake.
    public var lacking: UInt64
    /// The replica's clock minus this node's at its last handshake.
    public var clockOffsetMilliseconds: Int64
    /// The code of its last refused request, cleared by a sync that completes.
    public var lastErrorCode: String?
    /// When that refusal happened, Unix milliseconds.
    public var lastErrorMilliseconds: UInt64?
}

/// Sync health in the store (`store.health`): the remotes a client syncs with, and the clients a serving node sees.
///
/// A view over the store's database: it shares the store's pool, wall clock and queue of client notes.
public struct SyncHealth: Sendable {
    let writer: DatabasePool
    let wallClock: @Sendable () -> UInt64
    let clientNotes: ClientNotes

    /// The remembered state of a remote, if this replica ever synced with it.
    public func peerState(url: String) throws -> PeerState? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT url, vector, last_sync_ms, last_attempt_ms, last_error, clock_offset_ms FROM gs_peer WHERE url = ?
                """, arguments: [url]) else { return nil }
            return PeerState(url: row[0], vector: Self.decodeVector(row[1]), lastSyncMilliseconds: (row[2] as Int64?).map(UInt64.init),
                             lastAttemptMilliseconds: (row[3] as Int64?).map(UInt64.init), lastError: row[4],
                             clockOffsetMilliseconds: row[5])
        }
    }

    /// Records a sync attempt with a remote: its vector as now known, and success or the failure's code.
    public func recordPeerSync(url: String, vector: VersionVector?, succeeded: Bool, errorCode: String?, clockOffsetMilliseconds: Int64?) throws {
        let now = Int64(wallClock())
        try writer.write { db in
            try Self.writePeerSync(db, url: url, vector: vector, succeeded: succeeded, errorCode: errorCode,
                                   clockOffsetMilliseconds: clockOffsetMilliseconds, now: now)
        }
    }

    /// Records a sync attempt with a remote, from an async context (the sync client, at the end of every run).
    public func recordPeerSyncAsync(url: String, vector: VersionVector?, succeeded: Bool, errorCode: String?,
                                    clockOffsetMilliseconds: Int64?) async throws {
        let now = Int64(wallClock())
        try await writer.write { db in
            try Self.writePeerSync(db, url: url, vector: vector, succeeded: succeeded, errorCode: errorCode,
                                   clockOffsetMilliseconds: clockOffsetMilliseconds, now: now)
        }
    }

    static func writePeerSync(_ db: Database, url: String, vector: VersionVector?, succeeded: Bool, errorCode: String?,
                              clockOffsetMilliseconds: Int64?, now: Int64) throws {
        let existing = try String.fetchOne(db, sql: "SELECT vector FROM gs_peer WHERE url = ?", arguments: [url])
        let known = (existing.map(Self.decodeVector) ?? VersionVector()).merging(vector ?? VersionVector())
        try db.execute(sql: """
            INSERT INTO gs_peer (url, vector, last_sync_ms, last_attempt_ms, last_error, clock_offset_ms) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (url) DO UPDATE SET vector = excluded.vector,
              last_sync_ms = coalesce(excluded.last_sync_ms, gs_peer.last_sync_ms), last_attempt_ms = excluded.last_attempt_ms,
              last_error = excluded.last_error, clock_offset_ms = coalesce(excluded.clock_offset_ms, gs_peer.clock_offset_ms)
            """, arguments: [url, Self.encodeVector(known), succeeded ? now : nil, now, errorCode, clockOffsetMilliseconds])
    }

    /// Notes what a serving node saw of a client replica at a handshake, a push or a failure.
    ///
    /// The note is written behind the request, never waiting for the store's writer (see `ClientNotes`);
    /// `clientHealth()` shows it at once.
    public func recordClientSeen(replicaID: String, scope: String, tokenID: String?, lacking: UInt64?, clockOffsetMilliseconds: Int64?,
                                 synced: Bool, errorCode: String?) async throws {
        clientNotes.add(ClientNote(replicaID: replicaID, scope: scope, tokenID: tokenID, at: Int64(wallClock()), lacking: lacking,
                                   clockOffsetMilliseconds: clockOffsetMilliseconds, synced: synced, errorCode: errorCode),
                        writer: writer)
    }

    /// Returns once every client note made before the call is written to the database (for readers of the file
    /// in another process, and tests).
    public func settled() async {
        await clientNotes.settled()
    }

    static func write(_ note: ClientNote, _ db: Database) throws {
        let now = note.at
        try db.execute(sql: """
            INSERT INTO gs_client (replica_id, scope, token_id, last_seen_ms, last_sync_ms, lacking, clock_offset_ms, last_error_code, last_error_ms)
            VALUES (?, ?, ?, ?, ?, coalesce(?, 0), coalesce(?, 0), ?, ?)
            ON CONFLICT (replica_id) DO UPDATE SET scope = excluded.scope, token_id = excluded.token_id, last_seen_ms = excluded.last_seen_ms,
              last_sync_ms = coalesce(excluded.last_sync_ms, gs_client.last_sync_ms),
              lacking = coalesce(?, gs_client.lacking), clock_offset_ms = coalesce(?, gs_client.clock_offset_ms),
              last_error_code = CASE WHEN ? THEN NULL ELSE coalesce(excluded.last_error_code, gs_client.last_error_code) END,
              last_error_ms = CASE WHEN ? THEN NULL ELSE coalesce(excluded.last_error_ms, gs_client.last_error_ms) END
            """, arguments: [note.replicaID, note.scope, note.tokenID, now, note.synced ? now : nil, note.lacking.map(Int64.init),
                             note.clockOffsetMilliseconds, note.errorCode, note.errorCode == nil ? nil : now, note.lacking.map(Int64.init),
                             note.clockOffsetMilliseconds, note.synced, note.synced])
    }

    /// Every replica that synced with this node, most recently seen first, with the notes not yet written.
    public func clientHealth() throws -> [ClientHealth] {
        // Taken before the read: a note committed meanwhile is then both read and overlaid, which changes nothing.
        let unwritten = clientNotes.unwritten()
        let stored = try writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT replica_id, scope, token_id, last_seen_ms, last_sync_ms, lacking, clock_offset_ms, last_error_code, last_error_ms
                FROM gs_client ORDER BY last_seen_ms DESC
                """)).map { row in
                ClientHealth(replicaID: row[0], scope: row[1], tokenID: row[2], lastSeenMilliseconds: UInt64(row[3] as Int64),
                             lastSyncMilliseconds: (row[4] as Int64?).map(UInt64.init), lacking: UInt64(row[5] as Int64),
                             clockOffsetMilliseconds: row[6], lastErrorCode: row[7], lastErrorMilliseconds: (row[8] as Int64?).map(UInt64.init))
            }
        }
        guard !unwritten.isEmpty else { return stored }
        var rows = Dictionary(stored.map { ($0.replicaID, $0) }, uniquingKeysWith: { first, _ in first })
        for note in unwritten { rows[note.replicaID] = ClientHealth.noting(note, over: rows[note.replicaID]) }
        // The order the read gives: most recently seen first (ties by id, which the read leaves to SQLite).
        return rows.values.sorted { ($0.lastSeenMilliseconds, $1.replicaID) > ($1.lastSeenMilliseconds, $0.replicaID) }
    }

    /// Vectors kept in `gs_peer` as `origin/scope=seq` joined by commas.
    static func encodeVector(_ vector: VersionVector) -> String {
        vector.entries.sorted { $0.key < $1.key }.map { "\($0.key.origin)/\($0.key.scope)=\($0.value)" }.joined(separator: ",")
    }

    static func decodeVector(_ text: String) -> VersionVector {
        var vector = VersionVector()
        for entry in text.split(separator: ",") {
            let halves = entry.split(separator: "=")
            let stream = halves.first?.split(separator: "/") ?? []
            guard halves.count == 2, stream.count == 2, let origin = ReplicaID(hex: String(stream[0])),
                  let scope = try? Scope(String(stream[1])), let seq = UInt64(halves[1]) else { continue }
            vector[StreamKey(origin: origin, scope: scope)] = seq
        }
        return vector
    }
}
