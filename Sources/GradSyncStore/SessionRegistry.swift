import GRDB

/// A signed-in dashboard session as stored (never its id, which only the browser holds).
public struct SessionInfo: Sendable, Equatable {
    /// The token it signed in with (its id, never its secret).
    public var tokenID: String
    /// When it was last used, Unix milliseconds.
    public var lastUsedMilliseconds: UInt64
}

/// The dashboard's sessions, kept in the replica so they survive a restart (`store.sessions`).
///
/// A session id is 32 random bytes the browser holds in its cookie; the table keeps only its SHA-256, so whoever
/// reads the replica file cannot take over a session. Expiry is by idle time, given by the caller with its clock.
public struct SessionRegistry: Sendable {
    let writer: DatabasePool

    /// Opens a session for a token at `now`, dropping sessions idle longer than `idleMilliseconds`; returns its id (hex).
    public func open(tokenID: String, now: UInt64, idleMilliseconds: UInt64) async throws -> String {
        let id = TokenRegistry.randomHex(bytes: 32)
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM gs_session WHERE last_used_ms < ?", arguments: [Self.oldestLive(now: now, idle: idleMilliseconds)])
            try db.execute(sql: "INSERT INTO gs_session (id_sha256, token_id, last_used_ms) VALUES (?, ?, ?)",
                           arguments: [TokenRegistry.sha256Hex(id), tokenID, Int64(clamping: now)])
        }
        return id
    }

    /// The live session with this id, its idle time restarted at `now`; an expired one is removed and nil returned.
    public func use(_ id: String, now: UInt64, idleMilliseconds: UInt64) async throws -> SessionInfo? {
        let hash = TokenRegistry.sha256Hex(id)
        return try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT token_id, last_used_ms FROM gs_session WHERE id_sha256 = ?",
                                             arguments: [hash]) else { return nil }
            let lastUsed = UInt64(max(0, row[1] as Int64))
            guard now - min(now, lastUsed) <= idleMilliseconds else {
                try db.execute(sql: "DELETE FROM gs_session WHERE id_sha256 = ?", arguments: [hash])
                return nil
            }
            try db.execute(sql: "UPDATE gs_session SET last_used_ms = max(last_used_ms, ?) WHERE id_sha256 = ?",
                           arguments: [Int64(clamping: now), hash])
            return SessionInfo(tokenID: row[0], lastUsedMilliseconds: max(lastUsed, now))
        }
    }

    /// Ends a session (sign-out).
    public func close(_ id: String) async throws {
        let hash = TokenRegistry.sha256Hex(id)
        try await writer.write { db in try db.execute(sql: "DELETE FROM gs_session WHERE id_sha256 = ?", arguments: [hash]) }
    }

    /// Ends every session of a token (it was revoked, or is not a central token).
    public func close(tokenID: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM gs_session WHERE token_id = ?", arguments: [tokenID]) }
    }

    /// How many sessions are stored (expired ones included until the next sign-in sweeps them).
    public func count() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM gs_session") ?? 0 }
    }

    /// The token a session's forms carry, checked on every post: derived from the session id, which only the
    /// browser holds (the replica keeps its hash), so another site cannot know it and a signed-out session's forms
    /// are stale.
    public static func formToken(forSession id: String) -> String {
        TokenRegistry.sha256Hex("gradsync-form\u{0}" + id)
    }

    /// Whether a presented form token is this session's, compared in constant time.
    public static func formTokenMatches(_ presented: String, session id: String) -> Bool {
        TokenRegistry.constantTimeEqual(Array(presented.utf8), Array(formToken(forSession: id).utf8))
    }

    static func oldestLive(now: UInt64, idle: UInt64) -> Int64 {
        Int64(clamping: now - min(now, idle))
    }
}
