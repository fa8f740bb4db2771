import Foundation
import Synchronization

/// The workbench's sign-in state, in memory: the one-time sign-in token, the signed-in browsers with their CSRF
/// tokens, and rosters checked in a dry run waiting for confirmation.
///
/// A restart signs everyone out and forgets unconfirmed rosters, which is the safe side.
final class WorkbenchSessions: Sendable {
    /// A roster that passed its dry run, kept until the secretary confirms it.
    struct PendingRoster: Sendable {
        /// The uploaded bytes, parsed again on confirmation (inside the writing transaction's checks).
        let data: Data
        /// The uploaded file's name, which tells a workbook from a CSV when its bytes do not.
        let fileName: String?
        /// The session that uploaded it: another browser cannot confirm it.
        let session: String
    }

    private struct State {
        var signInToken: String?
        var sessions: [String: String] = [:]
        var pending: [String: PendingRoster] = [:]
    }

    private let state: Mutex<State>

    /// A fresh state with a new one-time sign-in token.
    init() {
        state = Mutex(State(signInToken: Self.randomHex()))
    }

    /// The one-time sign-in token, while it is unused (for the printed URL).
    var signInToken: String? { state.withLock { $0.signInToken } }

    /// Exchanges the one-time token for a session id; nil when it is wrong or was already used.
    func signIn(presenting token: String) -> String? {
        state.withLock { state in
            guard let expected = state.signInToken, Self.constantTimeEqual(expected, token) else { return nil }
            state.signInToken = nil
            let session = Self.randomHex()
            state.sessions[session] = Self.randomHex()
            return session
        }
    }

    /// The CSRF token of a live session, nil when the id names none.
    func csrfToken(session: String) -> String? {
        state.withLock { $0.sessions[session] }
    }

    /// Whether `token` is the CSRF token of `session`.
    func checks(csrf token: String, session: String) -> Bool {
        guard let expected = csrfToken(session: session) else { return false }
        return Self.constantTimeEqual(expected, token)
    }

    /// Keeps a checked roster for confirmation; returns its id.
    func keep(_ roster: PendingRoster) -> String {
        let id = Self.randomHex()
        state.withLock { state in
            // One roster per session waits at a time: a new upload replaces the one before.
            state.pending = state.pending.filter { $0.value.session != roster.session }
            state.pending[id] = roster
        }
        return id
    }

    /// Takes a kept roster of `session` (it is gone afterwards, so a confirmation is never replayed).
    func take(roster id: String, session: String) -> PendingRoster? {
        state.withLock { state in
            guard let roster = state.pending[id], roster.session == session else { return nil }
            state.pending[id] = nil
            return roster
        }
    }

    /// 32 random bytes as hex.
    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    /// Compares secrets in time that does not depend on where they differ.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
