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
    ///
    /// The session is looked up from a read, so a page request neither queues for the one write lock sync pushes need
    /// nor, by committing, empties every reader connection's page cache. The write is taken only to remove an expired
    /// session or to note a use once the recorded one is older than `refreshMilliseconds(idle:)`: the idle time then
    /// counts from a recorded use at most that much before the real last one.
    public func use(_ id: String, now: UInt64, idleMilliseconds: UInt64) async throws -> SessionInfo? {
        try await use(id, now: now, idleMilliseconds: idleMilliseconds, alsoReading: { _, _ in () })?.session
    }

    /// `use`, and the token the session signed in with (nil when no token of that id is stored), read with the
    /// session: a page checks both in one trip to a reader connection rather than two. When the use is written, the
    /// token is read again after the write, inside it, as reading it after `use` would.
    public func useWithToken(_ id: String, now: UInt64, idleMilliseconds: UInt64) async throws
        -> (session: SessionInfo, token: TokenInfo?)? {
        try await use(id, now: now, idleMilliseconds: idleMilliseconds, alsoReading: { db, session in
            try TokenRegistry.readToken(db, id: session.tokenID)
        }).map { ($0.session, $0.extra) }
    }

    /// `useWithToken` for a caller already off Swift's cooperative pool (a page built on a dispatch thread): the same
    /// reads and writes, blocking, so the page's request makes one trip through the database's queues instead of
    /// hopping back to the pool between the session and the page.
    public func useWithTokenBlocking(_ id: String, now: UInt64, idleMilliseconds: UInt64)
        throws -> (session: SessionInfo, token: TokenInfo?)? {
        let use = Use(id: id, now: now, idle: idleMilliseconds, extra: { db, session in try TokenRegistry.readToken(db, id: session.tokenID) })
        guard let (found, read) = try writer.read(use.lookup) else { return nil }
        switch use.step(after: found) {
        case .current: return (found, read)
        case .expired: try writer.write(use.remove); return nil
        case .renew: return try writer.write(use.renew(found)).map { (use.renewed(found), $0) }
        }
    }

    /// `use`, with `extra` read beside the session: in the read that finds it, and again in the write that renews it.
    private func use<Extra: Sendable>(_ id: String, now: UInt64, idleMilliseconds: UInt64,
                                      alsoReading extra: @escaping @Sendable (Database, SessionInfo) throws -> Extra) async throws
        -> (session: SessionInfo, extra: Extra)? {
        let use = Use(id: id, now: now, idle: idleMilliseconds, extra: extra)
        // `lookup` is typed @Sendable so that GRDB's async read is chosen: its blocking form would hold a thread of
        // Swift's cooperative pool while it waits for a reader.
        guard let (found, read) = try await writer.read(use.lookup) else { return nil }
        switch use.step(after: found) {
        case .current: return (found, read)
        case .expired: try await writer.write(use.remove); return nil
        case .renew: return try await writer.write(use.renew(found)).map { (use.renewed(found), $0) }
        }
    }

    /// One use of a session, as both forms of `use` run it: the read that finds it, what to do next, and the writes.
    private struct Use<Extra: Sendable>: Sendable {
        enum Step { case current, expired, renew }

        let hash: String
        let now: UInt64
        let idle: UInt64
        let extra: @Sendable (Database, SessionInfo) throws -> Extra

        init(id: String, now: UInt64, idle: UInt64, extra: @escaping @Sendable (Database, SessionInfo) throws -> Extra) {
            (self.hash, self.now, self.idle, self.extra) = (TokenRegistry.sha256Hex(id), now, idle, extra)
        }

        var lookup: @Sendable (Database) throws -> (session: SessionInfo, extra: Extra)? {
            { [hash, extra] db in
                guard let found = try Row.fetchOne(db.cachedStatement(sql: "SELECT token_id, last_used_ms FROM gs_session WHERE id_sha256 = ?"),
                                                   arguments: [hash])
                    .map({ SessionInfo(tokenID: $0[0], lastUsedMilliseconds: UInt64(max(0, $0[1] as Int64))) }) else { return nil }
                return (found, try extra(db, found))
            }
        }

        func step(after found: SessionInfo) -> Step {
            let idleFor = now - min(now, found.lastUsedMilliseconds)
            if idleFor > idle { return .expired }
            return idleFor > SessionRegistry.refreshMilliseconds(idle: idle) ? .renew : .current
        }

        var remove: @Sendable (Database) throws -> Void {
            { [hash] db in try db.execute(sql: "DELETE FROM gs_session WHERE id_sha256 = ?", arguments: [hash]) }
        }

        /// Notes the use and reads `extra` again inside the write; nil when the session was signed out or closed since
        /// the read (it stays closed).
        func renew(_ found: SessionInfo) -> @Sendable (Database) throws -> Extra? {
            { [hash, now, extra] db in
                try db.execute(sql: "UPDATE gs_session SET last_used_ms = max(last_used_ms, ?) WHERE id_sha256 = ?",
                               arguments: [Int64(clamping: now), hash])
                guard db.changesCount > 0 else { return nil }
                return try extra(db, found)
            }
        }

        func renewed(_ found: SessionInfo) -> SessionInfo {
            SessionInfo(tokenID: found.tokenID, lastUsedMilliseconds: max(found.lastUsedMilliseconds, now))
        }
    }

    /// How stale a session's recorded last use may be before a use writes it again: a tenth of the idle time, at most a
    /// minute, so a session in use never expires more than that before its idle time is up.
    public static func refreshMilliseconds(idle: UInt64) -> UInt64 {
        min(60_000, idle / 10)
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

    /// `close(tokenID:)` for a caller off Swift's cooperative pool (see `useWithTokenBlocking`).
    public func closeBlocking(tokenID: String) throws {
        try writer.write { db in try db.execute(sql: "DELETE FROM gs_session WHERE token_id = ?", arguments: [tokenID]) }
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
