import Crypto
import Foundation
import GRDB
import GradSyncStore
import GradSyncTesting
import Testing

/// Dashboard sessions as the store keeps them: looked up from a read, their last use written only when it has gone stale.
@Suite struct SessionRegistryTests {
    let replicas: TestReplicas
    static let idle: UInt64 = 30 * 60_000

    init() throws {
        replicas = try TestReplicas()
    }

    /// The central replica reopened with a short busy timeout, so a use that waits for the write lock fails in seconds
    /// rather than the default 30.
    func central() throws -> ReplicaStore {
        let made = try replicas.make("central", scope: .central)
        return try ReplicaStore.open(at: made.path, options: .init(wallClock: replicas.clock.wallClock, busyTimeout: 2))
    }

    /// Runs `body` while another connection holds the replica's write lock.
    func whileTheWriteLockIsHeld<T>(on store: ReplicaStore, _ body: () async throws -> T) async throws -> T {
        var holding = Configuration()
        holding.allowsUnsafeTransactions = true  // the transaction is held open across accesses on purpose
        let holder = try DatabaseQueue(path: store.path, configuration: holding)
        try await holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        return try await body()
    }

    /// A stranger's well-formed cookie must not queue for the write lock a sync push needs: while another connection
    /// holds that lock, an unknown session is still answered at once.
    @Test func anUnknownSessionIsAnsweredWithoutTheWriteLock() async throws {
        let store = try central()
        let stranger = String(repeating: "ab", count: 32)
        let session = try await whileTheWriteLockIsHeld(on: store) {
            try await store.sessions.use(stranger, now: 1_000, idleMilliseconds: Self.idle)
        }
        #expect(session == nil)
    }

    /// A page request in a session used a moment ago writes nothing: it is answered while the write lock is held
    /// elsewhere (before, every request wrote the session's last use and waited out the busy timeout here).
    @Test func aSessionUsedRecentlyIsAnsweredWithoutTheWriteLock() async throws {
        let store = try central()
        let id = try await store.sessions.open(tokenID: "t1", now: 1_000_000, idleMilliseconds: Self.idle)
        let refresh = SessionRegistry.refreshMilliseconds(idle: Self.idle)
        let session = try await whileTheWriteLockIsHeld(on: store) {
            try await store.sessions.use(id, now: 1_000_000 + refresh, idleMilliseconds: Self.idle)
        }
        #expect(session?.tokenID == "t1")
        #expect(session?.lastUsedMilliseconds == 1_000_000, "the recorded use is still the opening")
    }

    /// Once the recorded use is older than the refresh interval, a use records itself.
    @Test func aStaleLastUseIsWrittenAgain() async throws {
        let store = try central()
        let id = try await store.sessions.open(tokenID: "t1", now: 1_000_000, idleMilliseconds: Self.idle)
        let later = 1_000_000 + SessionRegistry.refreshMilliseconds(idle: Self.idle) + 1
        let session = try await store.sessions.use(id, now: later, idleMilliseconds: Self.idle)
        #expect(session?.lastUsedMilliseconds == later)
        let stored = try await DatabaseQueue(path: store.path).read { db in try Int64.fetchAll(db, sql: "SELECT last_used_ms FROM gs_session") }
        #expect(stored == [Int64(later)])
    }

    /// A session used only within its refresh interval is still idle since its recorded use, and expires when its idle
    /// time is up: it is removed, and stays out.
    @Test func anIdleSessionStillExpires() async throws {
        let store = try central()
        let opened: UInt64 = 1_000_000
        let id = try await store.sessions.open(tokenID: "t1", now: opened, idleMilliseconds: Self.idle)
        let refresh = SessionRegistry.refreshMilliseconds(idle: Self.idle)
        #expect(try await store.sessions.use(id, now: opened + refresh / 2, idleMilliseconds: Self.idle) != nil)
        #expect(try await store.sessions.use(id, now: opened + Self.idle + refresh + 1, idleMilliseconds: Self.idle) == nil)
        #expect(try store.sessions.count() == 0, "an expired session is removed")
        #expect(try await store.sessions.use(id, now: opened + 1, idleMilliseconds: Self.idle) == nil, "and gone for good")
    }

    /// A session used often, each use well inside its idle time, stays alive over several idle times, whether each use
    /// writes or not; an unused one beside it expires.
    @Test func aUsedSessionStaysAlive() async throws {
        let store = try central()
        let opened: UInt64 = 1_000_000
        let used = try await store.sessions.open(tokenID: "t1", now: opened, idleMilliseconds: Self.idle)
        let unused = try await store.sessions.open(tokenID: "t1", now: opened, idleMilliseconds: Self.idle)
        let refresh = SessionRegistry.refreshMilliseconds(idle: Self.idle)
        // Steps under the refresh interval (no write) and over it (a write), alternating, for three idle times.
        var now = opened
        var step = 0
        while now < opened + 3 * Self.idle {
            now += step % 2 == 0 ? refresh / 3 : Self.idle - refresh
            step += 1
            #expect(try await store.sessions.use(used, now: now, idleMilliseconds: Self.idle) != nil, "used at \(now - opened) ms")
        }
        #expect(try await store.sessions.use(unused, now: now, idleMilliseconds: Self.idle) == nil)
    }

    /// A session closed after the read found it is not renewed by the write that follows.
    @Test func aClosedSessionIsNotRenewed() async throws {
        let store = try central()
        let id = try await store.sessions.open(tokenID: "t1", now: 1_000_000, idleMilliseconds: Self.idle)
        try await store.sessions.close(tokenID: "t1")
        #expect(try await store.sessions.use(id, now: 1_000_000 + Self.idle / 2, idleMilliseconds: Self.idle) == nil)
        #expect(try store.sessions.count() == 0)
    }

    /// A page reads its session and the session's token together: the token as the token list has it, revoked or
    /// not, whether the use is written or not; none for a token id not stored; nothing for an unknown session.
    @Test func aSessionIsReadWithItsToken() async throws {
        let store = try central()
        let issued = try store.tokens.issue(scope: .central, label: "office")
        let id = try await store.sessions.open(tokenID: issued.info.id, now: 1_000_000, idleMilliseconds: Self.idle)
        let refresh = SessionRegistry.refreshMilliseconds(idle: Self.idle)
        let fresh = try await whileTheWriteLockIsHeld(on: store) {
            try await store.sessions.useWithToken(id, now: 1_000_000 + refresh, idleMilliseconds: Self.idle)
        }
        #expect(fresh?.session.tokenID == issued.info.id)
        #expect(fresh?.token == issued.info)
        try store.tokens.revoke(id: issued.info.id)
        let revoked = try store.tokens.all().first { $0.id == issued.info.id }
        #expect(revoked?.revokedAtMilliseconds != nil)
        let written = try await store.sessions.useWithToken(id, now: 1_000_000 + refresh + 1, idleMilliseconds: Self.idle)
        #expect(written?.session.lastUsedMilliseconds == 1_000_000 + refresh + 1)
        #expect(written?.token == revoked)
        let read = try await store.sessions.useWithToken(id, now: 1_000_000 + refresh + 2, idleMilliseconds: Self.idle)
        #expect(read?.token == revoked)

        let orphan = try await store.sessions.open(tokenID: "no-such-token", now: 1_000_000, idleMilliseconds: Self.idle)
        let found = try await store.sessions.useWithToken(orphan, now: 1_000_001, idleMilliseconds: Self.idle)
        #expect(found?.session.tokenID == "no-such-token")
        #expect(found != nil && found?.token == nil)
        #expect(try await store.sessions.useWithToken(String(repeating: "ab", count: 32), now: 1_000_001,
                                                      idleMilliseconds: Self.idle) == nil)
    }

    /// The blocking form a page built off the cooperative pool uses answers every use as the async form does: a recent
    /// use read without the write lock, a stale one written, the token read with it, an expired session removed, an
    /// unknown one nil; and closing a token's sessions blocking ends them.
    @Test func theBlockingUseAnswersAsTheAsyncUse() async throws {
        let store = try central()
        let issued = try store.tokens.issue(scope: .central, label: "office")
        let refresh = SessionRegistry.refreshMilliseconds(idle: Self.idle)
        let viaAsync = try await store.sessions.open(tokenID: issued.info.id, now: 1_000_000, idleMilliseconds: Self.idle)
        let viaBlocking = try await store.sessions.open(tokenID: issued.info.id, now: 1_000_000, idleMilliseconds: Self.idle)
        for (step, now) in [1_000_000 + refresh, 1_000_000 + refresh + 1, 1_000_000 + refresh + 2].enumerated() {
            let a = try await store.sessions.useWithToken(viaAsync, now: now, idleMilliseconds: Self.idle)
            let b = step == 0
                ? try await whileTheWriteLockIsHeld(on: store) {
                    try store.sessions.useWithTokenBlocking(viaBlocking, now: now, idleMilliseconds: Self.idle)
                }
                : try store.sessions.useWithTokenBlocking(viaBlocking, now: now, idleMilliseconds: Self.idle)
            #expect(a?.session == b?.session, "use \(step)")
            #expect(a?.token == issued.info && b?.token == issued.info, "use \(step)")
        }
        #expect(try store.sessions.useWithTokenBlocking(viaBlocking, now: 1_000_000, idleMilliseconds: Self.idle)?
            .session.lastUsedMilliseconds == 1_000_000 + refresh + 1, "the stale use was written")
        #expect(try store.sessions.useWithTokenBlocking(String(repeating: "ab", count: 32), now: 1_000_001,
                                                        idleMilliseconds: Self.idle) == nil)
        let late = 1_000_000 + refresh + 2 + Self.idle
        #expect(try store.sessions.useWithTokenBlocking(viaBlocking, now: late, idleMilliseconds: Self.idle) == nil)
        #expect(try store.sessions.count() == 1, "the expired session was removed; the other stays until used")
        try store.sessions.closeBlocking(tokenID: issued.info.id)
        #expect(try store.sessions.count() == 0)
    }

    /// A form token is the SHA-256 of its session id, as 64 lowercase hex digits (written by table, not `String(format:)`).
    @Test func aFormTokenIsTheHexOfItsHash() {
        let id = String(repeating: "0f", count: 32)
        let expected = SHA256.hash(data: Array("gradsync-form\u{0}\(id)".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(SessionRegistry.formToken(forSession: id) == expected)
        #expect(expected.count == 64)
        #expect(SHA256.hash(data: Array("abc".utf8)).map { String(format: "%02x", $0) }.joined()
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
