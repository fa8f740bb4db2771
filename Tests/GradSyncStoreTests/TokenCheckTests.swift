import Foundation
import GRDB
import GradSyncCore
@testable import GradSyncStore
import GradSyncTesting
import Testing

/// A sync request's bearer token is checked from a read: it never queues for the one write lock behind other
/// replicas' pages, and a good token takes that lock only to note its use, at most once a minute.
@Suite struct TokenCheckTests {
    /// Another connection holding the write lock, as a long page apply does; the store under test gives up on the
    /// lock after its busy timeout (2 s), so a check that needed the lock would throw.
    static func holdingWriteLock(_ path: String) async throws -> DatabaseQueue {
        var holding = Configuration()
        holding.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: path, configuration: holding)
        try await holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        return holder
    }

    @Test func aTokenUsedThisMinuteIsCheckedWhileAnotherConnectionWrites() async throws {
        let replicas = try TestReplicas()
        let made = try replicas.make("central", scope: .central)
        let issued = try made.tokens.issue(scope: .department(try .department("AUTO")), label: "自动化学院")
        let central = try ReplicaStore.open(at: made.path, options: .init(wallClock: replicas.clock.wallClock, busyTimeout: 2))
        // The first use notes the time (a write, the lock free).
        #expect(try await central.tokens.authenticate(bearer: issued.token)?.id == issued.info.id)
        let holder = try await Self.holdingWriteLock(central.path)
        replicas.clock.advance(by: 30_000)
        #expect(try await central.tokens.authenticate(bearer: issued.token)?.id == issued.info.id)
        let parts = issued.token.split(separator: ".")
        #expect(try await central.tokens.authenticate(bearer: "\(parts[0]).\(parts[1]).\(String(repeating: "0", count: 64))") == nil)
        try await holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        try holder.close()
        // A minute on, the use is noted again.
        replicas.clock.advance(by: 60_000)
        #expect(try await central.tokens.authenticate(bearer: issued.token) != nil)
        let used = try central.tokens.all().first { $0.id == issued.info.id }?.lastUsedMilliseconds
        #expect(used == replicas.clock.now())
    }

    @Test func aTokenRevokedIsRefusedAtOnce() async throws {
        let replicas = try TestReplicas()
        let central = try replicas.make("central", scope: .central)
        let issued = try central.tokens.issue(scope: .department(try .department("AUTO")), label: "自动化学院")
        #expect(try await central.tokens.authenticate(bearer: issued.token) != nil)
        try central.tokens.revoke(id: issued.info.id)
        #expect(try await central.tokens.authenticate(bearer: issued.token) == nil)
        replicas.clock.advance(by: 120_000)
        #expect(try await central.tokens.authenticate(bearer: issued.token) == nil)
    }
}
