import Synchronization

/// The dashboard's signed-in sessions, in memory: a restart signs everyone out, which is the safe side.
final class DashboardSessions: Sendable {
    /// One signed-in browser.
    struct Session: Sendable, Equatable {
        /// The central-office token it signed in with (its id, never its secret).
        let tokenID: String
        /// When it was last used, Unix milliseconds.
        var lastUsedMilliseconds: UInt64
    }

    private let table = Mutex<[String: Session]>([:])
    private let idleMilliseconds: UInt64
    private let clock: @Sendable () -> UInt64

    init(idleMilliseconds: UInt64, clock: @escaping @Sendable () -> UInt64) {
        self.idleMilliseconds = idleMilliseconds
        self.clock = clock
    }

    /// Opens a session for a token and returns its id: 32 random bytes as hex.
    func open(tokenID: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
        let now = clock()
        table.withLock { sessions in
            sessions = sessions.filter { now - min(now, $0.value.lastUsedMilliseconds) <= idleMilliseconds }
            sessions[id] = Session(tokenID: tokenID, lastUsedMilliseconds: now)
        }
        return id
    }

    /// The live session with this id, its idle time restarted; an expired one is removed and nil returned.
    func use(_ id: String) -> Session? {
        let now = clock()
        return table.withLock { sessions in
            guard var session = sessions[id] else { return nil }
            guard now - min(now, session.lastUsedMilliseconds) <= idleMilliseconds else {
                sessions[id] = nil
                return nil
            }
            session.lastUsedMilliseconds = now
            sessions[id] = session
            return session
        }
    }

    /// Ends a session (sign-out).
    func close(_ id: String) {
        _ = table.withLock { $0.removeValue(forKey: id) }
    }

    /// Ends every session of a token (it was found revoked).
    func close(tokenID: String) {
        table.withLock { sessions in sessions = sessions.filter { $0.value.tokenID != tokenID } }
    }
}
