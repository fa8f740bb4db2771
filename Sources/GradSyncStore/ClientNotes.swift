import GRDB
import Synchronization

/// What a serving node saw of a client replica at one request, on its way to `gs_client`.
struct ClientNote: Sendable, Equatable {
    var replicaID: String
    var scope: String
    var tokenID: String?
    /// When it was seen, the node's Unix milliseconds.
    var at: Int64
    var lacking: UInt64?
    var clockOffsetMilliseconds: Int64?
    var synced: Bool
    var errorCode: String?
}

/// The client notes of a serving node, written behind the requests that made them.
///
/// Every sync request notes what the node saw of its client, and a write waits for the store's one writer: when
/// each request wrote its note before answering, a sync with nothing new waited behind every page thirty
/// departments were pushing, seconds, for a row only the sync-health view reads. Notes are now queued in
/// arrival order and written by one flush at a time, every queued note in one transaction, while the request
/// answers at once. Reading the health overlays the notes not yet written, so this process always shows all it
/// has seen; closing the store writes what is left. A crash loses at most the notes of the last moments, which
/// the client's next sync writes again.
final class ClientNotes: Sendable {
    private struct State {
        var queued: [ClientNote] = []
        /// The notes of the flush under way, until it commits.
        var writing: [ClientNote] = []
        var flushing = false
        /// Set by `close`: a flush that has not written yet leaves its notes to the closing write.
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Queues `note`, starting a flush unless one is under way.
    func add(_ note: ClientNote, writer: DatabasePool) {
        let start = state.withLock { state -> Bool in
            state.queued.append(note)
            guard !state.flushing, !state.closed else { return false }
            state.flushing = true
            return true
        }
        if start { Task.detached { await self.drain(writer) } }
    }

    /// Writes queued notes until none is left, one transaction for all the notes queued at each turn.
    private func drain(_ writer: DatabasePool) async {
        while true {
            let batch = state.withLock { state -> [ClientNote] in
                let batch = state.queued
                state.queued = []
                state.writing = batch
                if batch.isEmpty || state.closed {
                    state.flushing = false
                    for waiter in state.waiters { waiter.resume() }
                    state.waiters = []
                    return []
                }
                return batch
            }
            if batch.isEmpty { return }
            let write: @Sendable (Database) throws -> Void = { [self] db in
                // Checked on the writer's queue: once `close` wrote every note, this batch must not write over newer ones.
                guard !state.withLock({ $0.closed }) else { return }
                for note in batch { try SyncHealth.write(note, db) }
            }
            // A failed write loses only health notes; the client's next sync notes it again.
            try? await writer.write(write)
            state.withLock { $0.writing = [] }
        }
    }

    /// The notes not yet committed, oldest first.
    func unwritten() -> [ClientNote] {
        state.withLock { $0.writing + $0.queued }
    }

    /// Returns once every note added before the call is committed (or left to `close`).
    func settled() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                guard state.flushing else { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Writes every note not yet committed, in order, and stops further flushes: the store is closing.
    ///
    /// Notes of a flush under way are written again: a note sets a field or leaves it, so writing a run of notes
    /// twice in order leaves what writing it once does.
    func close(writer: DatabasePool) throws {
        // A store that never served (a department's laptop, the CLI) has nothing here and takes no write lock.
        let idle = state.withLock { state -> Bool in
            guard !state.flushing, state.queued.isEmpty else { return false }
            state.closed = true
            return true
        }
        if idle { return }
        try writer.write { db in
            let pending = state.withLock { state -> [ClientNote] in
                state.closed = true
                let pending = state.writing + state.queued
                state.queued = []
                return pending
            }
            for note in pending { try SyncHealth.write(note, db) }
        }
    }
}

extension ClientHealth {
    /// The row `gs_client` holds once `note` is written over `existing` (nil: no row yet); the same rule as the
    /// upsert in `SyncHealth.write`.
    static func noting(_ note: ClientNote, over existing: ClientHealth?) -> ClientHealth {
        let at = UInt64(note.at)
        var row = existing ?? ClientHealth(replicaID: note.replicaID, scope: note.scope, tokenID: note.tokenID, lastSeenMilliseconds: at,
                                           lastSyncMilliseconds: nil, lacking: 0, clockOffsetMilliseconds: 0, lastErrorCode: nil,
                                           lastErrorMilliseconds: nil)
        row.scope = note.scope
        row.tokenID = note.tokenID
        row.lastSeenMilliseconds = at
        if note.synced { row.lastSyncMilliseconds = at }
        if let lacking = note.lacking { row.lacking = lacking }
        if let offset = note.clockOffsetMilliseconds { row.clockOffsetMilliseconds = offset }
        if note.synced {
            row.lastErrorCode = nil
            row.lastErrorMilliseconds = nil
        } else if let code = note.errorCode {
            row.lastErrorCode = code
            row.lastErrorMilliseconds = at
        }
        return row
    }
}
