import Foundation
import GradSyncRecords
import GradSyncStore
import GradSyncSync
import Synchronization

/// "Sync now": the same sync as `gradsync sync`, under the same lock, run in the background while the page shows
/// its progress and then its result.
final class WorkbenchSyncRunner: Sendable {
    /// Where the last sync pressed stands.
    enum State: Sendable, Equatable {
        case idle
        /// Running since `startedMilliseconds`, with the pages and changes committed so far.
        case running(startedMilliseconds: UInt64, pages: Int, pushed: Int, pulled: Int)
        case finished(Outcome)
    }

    /// How a sync ended, as the page says it.
    enum Outcome: Sendable, Equatable {
        case synced(pushed: Int, pulled: Int, conflicts: Int)
        /// Another sync of this replica (cron, or `gradsync sync` in a terminal) holds the lock.
        case busy
        /// The node could not be reached: every edit is safe here and goes at the next sync.
        case unreachable(String)
        /// Anything else: configuration, credentials, refused data.
        case failed(String)
    }

    private let state = Mutex(State.idle)
    private let replica: PlacementReplica
    private let target: @Sendable () throws -> WorkbenchSyncTarget
    private let clock: @Sendable () -> UInt64

    init(replica: PlacementReplica, target: @escaping @Sendable () throws -> WorkbenchSyncTarget, clock: @escaping @Sendable () -> UInt64) {
        self.replica = replica
        self.target = target
        self.clock = clock
    }

    /// The current state.
    var current: State { state.withLock { $0 } }

    /// Starts a sync unless one is running here; a sync of another process is reported, not waited for.
    func start() throws {
        let resolved: WorkbenchSyncTarget
        do { resolved = try target() } catch {
            state.withLock { $0 = .finished(.failed("\(error)")) }
            return
        }
        let lock: SyncLock
        do {
            guard let taken = try SyncLock(path: resolved.lockPath) else {
                state.withLock { state in if case .running = state { return }; state = .finished(.busy) }
                return
            }
            lock = taken
        } catch {
            state.withLock { $0 = .finished(.failed(error.description)) }
            return
        }
        let started = clock()
        state.withLock { $0 = .running(startedMilliseconds: started, pages: 0, pushed: 0, pulled: 0) }
        let store = replica.store
        Task { [self] in
            let transport = HTTPTransport(baseURL: resolved.url, token: resolved.token, deadline: .now + .seconds(600))
            let client = SyncClient(store: store, transport: transport) { soFar in
                self.state.withLock { $0 = .running(startedMilliseconds: started, pages: soFar.pages, pushed: soFar.pushed, pulled: soFar.pulled) }
            }
            let report = await client.run()
            let conflicts = (try? await store.conflictsAsync().count) ?? 0
            withExtendedLifetime(lock) {}
            let outcome: Outcome
            switch report.failure {
            case nil: outcome = .synced(pushed: report.pushed, pulled: report.pulled, conflicts: conflicts)
            case .unreachable(_, let message)?: outcome = .unreachable(message)
            case let failure?: outcome = .failed(failure.description)
            }
            self.state.withLock { $0 = .finished(outcome) }
        }
    }
}
