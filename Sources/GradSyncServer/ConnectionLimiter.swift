import HummingbirdCore
import NIOCore
import Synchronization

/// The node's open connections, and the cap on them: when a connection beyond the cap is accepted, the connection
/// idle longest is closed to make room.
///
/// Hummingbird asks it, as the server's `availableConnectionsDelegate`, whether to accept more connections, and
/// tells it of every connection accepted and closed; each connection's `ConnectionGuard` tells it whether the
/// connection is idle, reading a request or being answered. Eviction order: idle connections (no request under
/// way, or a head still arriving) by how long they have been idle, then connections still reading a body by how
/// long ago their head arrived. A connection being answered is never closed. When every connection is being
/// answered, accepting pauses (new connections wait in the listen backlog) until one closes or falls idle.
final class ConnectionLimiter: AvailableConnectionsDelegate, Sendable {
    /// What a connection is doing, and since when (for the eviction order).
    enum Activity: Sendable {
        case idle(since: ContinuousClock.Instant)
        case reading(since: ContinuousClock.Instant)
        case answering
    }

    private struct Entry {
        let channel: any Channel
        var activity: Activity
    }

    private struct State {
        /// Connections accepted and not yet closed, as Hummingbird counts them.
        var open = 0
        /// The connections whose guard has registered, by channel identity.
        var entries: [ObjectIdentifier: Entry] = [:]
        /// Whether the last answer to `isAcceptingNewConnections` was no.
        var paused = false
    }

    let maxConnections: Int
    private let state = Mutex(State())

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    // MARK: AvailableConnectionsDelegate (called on the listening channel's event loop)

    func connectionOpened() {
        let victim = state.withLock { state -> (any Channel)? in
            state.open += 1
            return state.open > maxConnections ? Self.takeVictim(&state) : nil
        }
        victim?.close(promise: nil)
    }

    func connectionClosed() {
        state.withLock { $0.open -= 1 }
    }

    func isAcceptingNewConnections() -> Bool {
        state.withLock { state in
            let accepting = state.open < maxConnections || state.entries.values.contains { entry in
                if case .answering = entry.activity { return false } else { return true }
            }
            state.paused = !accepting
            return accepting
        }
    }

    // MARK: Called by each connection's guard, on its event loop

    /// Registers a newly set up connection as idle.
    func register(_ channel: any Channel) {
        state.withLock { $0.entries[ObjectIdentifier(channel)] = Entry(channel: channel, activity: .idle(since: .now)) }
    }

    /// Forgets a closed connection.
    func unregister(_ channel: any Channel) {
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Notes what a connection is doing; returns true when it has just fallen idle while accepting is paused, so it
    /// should close to let the server accept again.
    @discardableResult
    func note(_ channel: any Channel, _ activity: Activity) -> Bool {
        state.withLock { state in
            let key = ObjectIdentifier(channel)
            guard state.entries[key] != nil else { return false }
            state.entries[key]?.activity = activity
            if case .idle = activity, state.paused, state.open >= maxConnections {
                state.entries[key] = nil
                return true
            }
            return false
        }
    }

    /// Removes and returns the connection to close: the longest idle, else the longest reading, else none.
    private static func takeVictim(_ state: inout State) -> (any Channel)? {
        var idle: (ObjectIdentifier, ContinuousClock.Instant)?
        var reading: (ObjectIdentifier, ContinuousClock.Instant)?
        for (key, entry) in state.entries {
            switch entry.activity {
            case .idle(let since): if idle.map({ since < $0.1 }) ?? true { idle = (key, since) }
            case .reading(let since): if reading.map({ since < $0.1 }) ?? true { reading = (key, since) }
            case .answering: break
            }
        }
        guard let key = idle?.0 ?? reading?.0, let entry = state.entries.removeValue(forKey: key) else { return nil }
        return entry.channel
    }
}
