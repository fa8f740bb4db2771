import HummingbirdCore
import NIOCore
import Synchronization

/// The node's open connections, and the cap on them: when a connection beyond the cap is accepted, the connection
/// idle longest is closed to make room.
///
/// Hummingbird asks it, as the server's `availableConnectionsDelegate`, whether to accept more connections, and
/// tells it of every connection accepted and closed; each connection's `ConnectionGuard` tells it whether the
/// connection is idle, reading a request or being answered, and whether its answer has stalled. Eviction order:
/// idle connections (no request under way, or a head still arriving) by how long they have been idle, then
/// connections still reading a body by how long ago their head arrived, then stalled writers (an answer of which
/// the client has taken nothing for `ConnectionGuard.stallGrace`) by how long they have been stalled. Idle ones go
/// first because they lose nothing; a body still arriving is cheaper to retry than an answer half sent; an answer
/// nobody reads is closed last but is closed, else clients that never read could hold every slot. A connection
/// whose answer is draining is never closed. When every connection is such a one, accepting pauses (new
/// connections wait in the listen backlog) until one closes, falls idle or stalls.
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
        /// Since when its answer has stalled, once it has for `ConnectionGuard.stallGrace`; nil while it drains.
        var stalledSince: ContinuousClock.Instant?

        /// Whether it may be closed to make room: anything but an answer that still drains.
        var evictable: Bool {
            if case .answering = activity { return stalledSince != nil }
            return true
        }
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
            let accepting = state.open < maxConnections || state.entries.values.contains(where: \.evictable)
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

    /// Notes that a connection's answer has stalled since `since` (nil: it drains again); returns true when it has
    /// stalled while accepting is paused, so it should close to let the server accept again.
    @discardableResult
    func noteStalled(_ channel: any Channel, since: ContinuousClock.Instant?) -> Bool {
        state.withLock { state in
            let key = ObjectIdentifier(channel)
            guard state.entries[key] != nil else { return false }
            state.entries[key]?.stalledSince = since
            if since != nil, state.paused, state.open >= maxConnections {
                state.entries[key] = nil
                return true
            }
            return false
        }
    }

    /// Removes and returns the connection to close: the longest idle, else the longest reading, else the longest
    /// stalled, else none.
    private static func takeVictim(_ state: inout State) -> (any Channel)? {
        var idle: (ObjectIdentifier, ContinuousClock.Instant)?
        var reading: (ObjectIdentifier, ContinuousClock.Instant)?
        var stalled: (ObjectIdentifier, ContinuousClock.Instant)?
        func keep(_ candidate: inout (ObjectIdentifier, ContinuousClock.Instant)?, _ key: ObjectIdentifier, _ since: ContinuousClock.Instant) {
            if candidate.map({ since < $0.1 }) ?? true { candidate = (key, since) }
        }
        for (key, entry) in state.entries {
            switch entry.activity {
            case .idle(let since): keep(&idle, key, since)
            case .reading(let since): keep(&reading, key, since)
            case .answering: if let since = entry.stalledSince { keep(&stalled, key, since) }
            }
        }
        guard let key = idle?.0 ?? reading?.0 ?? stalled?.0, let entry = state.entries.removeValue(forKey: key) else { return nil }
        return entry.channel
    }
}
