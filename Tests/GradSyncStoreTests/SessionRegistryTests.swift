import Foundation
import GRDB
import GradSyncStore
import GradSyncTesting
import Testing

/// Dashboard sessions as the store keeps them.
@Suite struct SessionRegistryTests {
    let replicas: TestReplicas

    init() throws {
        replicas = try TestReplicas()
    }

    /// A stranger's well-formed cookie must not queue for the write lock a sync push needs: while another connection
    /// holds that lock, an unknown session is still answered at once (before, it waited out the busy timeout).
    @Test func anUnknownSessionIsAnsweredWithoutTheWriteLock() async throws {
        let made = try replicas.make("central", scope: .central)
        // A short busy timeout, so the check fails in seconds rather than the default 30 if the lock is waited for.
        let central = try ReplicaStore.open(at: made.path, options: .init(wallClock: replicas.clock.wallClock, busyTimeout: 2))
        var holding = Configuration()
        holding.allowsUnsafeTransactions = true  // the transaction is held open across accesses on purpose
        let holder = try DatabaseQueue(path: central.path, configuration: holding)
        try await holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        let stranger = String(repeating: "ab", count: 32)
        let session = try await central.sessions.use(stranger, now: 1_000, idleMilliseconds: 60_000)
        #expect(session == nil)
    }
}
