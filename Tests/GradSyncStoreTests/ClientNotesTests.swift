import Foundation
import GRDB
import GradSyncCore
@testable import GradSyncStore
import GradSyncTesting
import Testing

/// A serving node notes what it saw of each client behind the request, never waiting for the store's one writer:
/// behind thirty departments' pushed pages, a sync with nothing new must not wait seconds for a health row.
@Suite struct ClientNotesTests {
    /// Holds the store's writer (as a long page apply does) until `release` is called.
    final class HeldWriter: Sendable {
        let released = DispatchSemaphore(value: 0)
        let holding = DispatchSemaphore(value: 0)

        init(_ store: ReplicaStore) {
            let writer = store.writer
            let (released, holding) = (released, holding)
            Thread {
                try? writer.write { _ in
                    holding.signal()
                    released.wait()
                }
            }.start()
            holding.wait()
        }

        func release() { released.signal() }
    }

    static let laptop = "0123456789abcdef0123456789abcdef"
    static let other = "fedcba9876543210fedcba9876543210"

    /// Notes a run covering every rule of the upsert: a first sight, a refusal, a handshake without an offset or
    /// a count, a completed sync clearing the refusal, and a second client.
    static func noteRun(_ store: ReplicaStore, clock: ManualClock) async throws {
        try await store.health.recordClientSeen(replicaID: laptop, scope: "AUTO", tokenID: "t1", lacking: 40, clockOffsetMilliseconds: 1_500,
                                                synced: false, errorCode: nil)
        clock.advance(by: 10)
        try await store.health.recordClientSeen(replicaID: laptop, scope: "AUTO", tokenID: "t1", lacking: nil, clockOffsetMilliseconds: nil,
                                                synced: false, errorCode: "validation_failed")
        clock.advance(by: 10)
        try await store.health.recordClientSeen(replicaID: other, scope: "CS", tokenID: nil, lacking: 7, clockOffsetMilliseconds: -20,
                                                synced: false, errorCode: "replica_fork")
        clock.advance(by: 10)
        try await store.health.recordClientSeen(replicaID: laptop, scope: "AUTO", tokenID: "t2", lacking: 0, clockOffsetMilliseconds: nil,
                                                synced: true, errorCode: nil)
    }

    @Test func aNoteIsTakenWhileTheWriterIsBusyAndShownAtOnce() async throws {
        let replicas = try TestReplicas()
        defer { withExtendedLifetime(replicas) {} }
        let clock = ManualClock(start: 1_000_000)
        let store = try replicas.make("central", scope: .central, clock: clock)
        let held = HeldWriter(store)
        // Before, each note waited for the writer: this would not return until `release`.
        let noted = Task { try await Self.noteRun(store, clock: clock) }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, store.clientNotes.unwritten().count < 4 { try await Task.sleep(for: .milliseconds(10)) }
        let shown = try store.health.clientHealth()
        held.release()
        try await noted.value
        #expect(shown.map(\.replicaID) == [Self.laptop, Self.other])
        let laptop = try #require(shown.first)
        #expect(laptop.tokenID == "t2" && laptop.lacking == 0 && laptop.clockOffsetMilliseconds == 1_500)
        #expect(laptop.lastSyncMilliseconds == 1_000_030 && laptop.lastSeenMilliseconds == 1_000_030)
        #expect(laptop.lastErrorCode == nil && laptop.lastErrorMilliseconds == nil)
        let other = try #require(shown.last)
        #expect(other.lastErrorCode == "replica_fork" && other.lastErrorMilliseconds == 1_000_020 && other.lastSyncMilliseconds == nil)

        // Once written, the file says the same, read by another store with no notes of its own.
        await store.health.settled()
        #expect(store.clientNotes.unwritten().isEmpty)
        let reader = try ReplicaStore.open(at: store.path)
        #expect(try reader.health.clientHealth() == shown)
        try reader.close()
    }

    @Test func closingWritesTheNotesNotYetWritten() async throws {
        let replicas = try TestReplicas()
        defer { withExtendedLifetime(replicas) {} }
        let clock = ManualClock(start: 2_000_000)
        let store = try replicas.make("central", scope: .central, clock: clock)
        let held = HeldWriter(store)
        try await Self.noteRun(store, clock: clock)
        let shown = try store.health.clientHealth()
        held.release()
        try store.close()
        let reopened = try ReplicaStore.open(at: store.path)
        #expect(try reopened.health.clientHealth() == shown)
        #expect(shown.count == 2)
    }

    @Test func aStoreThatNeverServedClosesWithoutTakingTheWriteLock() async throws {
        let replicas = try TestReplicas()
        defer { withExtendedLifetime(replicas) {} }
        let store = try replicas.make("laptop", scope: .department(try .department("AUTO")))
        // Another connection holds the write lock; closing must not wait for it (busy timeout: 30 s).
        let other = try await TokenCheckTests.holdingWriteLock(store.path)
        let started = ContinuousClock.now
        try store.close()
        #expect(ContinuousClock.now - started < .seconds(10))
        try await other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        try other.close()
    }
}
