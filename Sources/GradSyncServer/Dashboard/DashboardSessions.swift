import GradSyncStore

/// The dashboard's signed-in sessions, kept hashed in the replica (`store.sessions`) so a restart signs no one out;
/// this adds the configured idle time and clock.
struct DashboardSessions: Sendable {
    /// One signed-in browser, as a request that carries its cookie sees it.
    struct Session: Sendable, Equatable {
        /// The session id from the cookie.
        let id: String
        /// The central-office token it signed in with (its id, never its secret).
        let tokenID: String
        /// Who its writes are by: the token's label (or its id when it has none).
        let author: String

        /// The token every form of this session carries (see `SessionRegistry.formToken`).
        var formToken: String { SessionRegistry.formToken(forSession: id) }
    }

    let registry: SessionRegistry
    let idleMilliseconds: UInt64
    let clock: @Sendable () -> UInt64

    /// Opens a session for a token and returns its id: 32 random bytes as hex.
    func open(tokenID: String) async throws -> String {
        try await registry.open(tokenID: tokenID, now: clock(), idleMilliseconds: idleMilliseconds)
    }

    /// The live session with this id, its idle time restarted (written back at most once a tenth of the idle time,
    /// see `SessionRegistry.use`); an expired one is removed and nil returned.
    func use(_ id: String) async throws -> SessionInfo? {
        try await registry.use(id, now: clock(), idleMilliseconds: idleMilliseconds)
    }

    /// `use`, with the token the session signed in with, read together (`SessionRegistry.useWithToken`).
    func useWithToken(_ id: String) async throws -> (session: SessionInfo, token: TokenInfo?)? {
        try await registry.useWithToken(id, now: clock(), idleMilliseconds: idleMilliseconds)
    }

    /// `useWithToken`, blocking, for a page built off Swift's cooperative pool.
    func useWithTokenBlocking(_ id: String) throws -> (session: SessionInfo, token: TokenInfo?)? {
        try registry.useWithTokenBlocking(id, now: clock(), idleMilliseconds: idleMilliseconds)
    }

    /// `close(tokenID:)`, blocking, for a page built off Swift's cooperative pool.
    func closeBlocking(tokenID: String) throws {
        try registry.closeBlocking(tokenID: tokenID)
    }

    /// Ends a session (sign-out).
    func close(_ id: String) async throws {
        try await registry.close(id)
    }

    /// Ends every session of a token (it was found revoked).
    func close(tokenID: String) async throws {
        try await registry.close(tokenID: tokenID)
    }
}
