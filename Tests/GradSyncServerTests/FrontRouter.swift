import GradSyncServer
import GradSyncSync
import Hummingbird
import Synchronization

/// A router in front of a node's own router, standing in for a flaky network or proxy: it can answer
/// 503 to the first requests and hold pulls from the n-th on until released, then forwards everything unchanged.
final class FrontRouter: Sendable {
    private struct State {
        var unavailableLeft: Int
        var pulls = 0
        var released = false
        var refused = 0
        var bodies: [(endpoint: Endpoint, text: String)] = []
    }

    private let state: Mutex<State>
    /// The first pull (counted from 1) held until `release()`; later ones are held too, so a retry gets no further.
    private let firstHeldPull: Int

    /// Runs before the n-th pull (counted from 1) reaches the node, e.g. to edit the client's replica meanwhile.
    private let beforePull: (@Sendable (Int) async throws -> Void)?

    init(unavailable: Int = 0, holdingPullsFrom firstHeldPull: Int = .max, recordingBodies: Bool = false,
         beforePull: (@Sendable (Int) async throws -> Void)? = nil) {
        state = Mutex(State(unavailableLeft: unavailable))
        self.firstHeldPull = firstHeldPull
        self.recordingBodies = recordingBodies
        self.beforePull = beforePull
    }

    /// Pull requests that reached the node.
    var pulls: Int { state.withLock { $0.pulls } }
    /// Requests answered 503.
    var refused: Int { state.withLock { $0.refused } }

    /// The request bodies that reached the node, inflated, in order (recorded only when `recordingBodies`).
    var bodies: [(endpoint: Endpoint, text: String)] { state.withLock { $0.bodies } }

    /// Whether request bodies are kept for `bodies`.
    private let recordingBodies: Bool

    /// Lets the held pull go on.
    func release() { state.withLock { $0.released = true } }

    /// The router to serve: every sync endpoint forwards to `inner` after the faults.
    func makeRouter(forwardingTo inner: Router<NodeRequestContext>) -> Router<NodeRequestContext> {
        let responder = inner.buildResponder()
        let router = Router(context: NodeRequestContext.self)
        for endpoint in Endpoint.allCases {
            router.post(RouterPath(endpoint.rawValue)) { request, context in
                try await self.fault(endpoint)
                var request = request
                if self.recordingBodies {
                    // Collecting the body keeps it in the request for the node to read.
                    let bytes = Array(try await request.collectBody(upTo: 64 << 20).readableBytesView)
                    let inflated = Gzip.isCompressed(bytes) ? try Gzip.decompress(bytes, limit: 64 << 20) : bytes
                    self.state.withLock { $0.bodies.append((endpoint, String(decoding: inflated, as: UTF8.self))) }
                }
                return try await responder.respond(to: request, context: context)
            }
        }
        return router
    }

    private func fault(_ endpoint: Endpoint) async throws {
        let (unavailable, hold) = state.withLock { state -> (Bool, Bool) in
            if state.unavailableLeft > 0 {
                state.unavailableLeft -= 1
                state.refused += 1
                return (true, false)
            }
            guard endpoint == .pull else { return (false, false) }
            state.pulls += 1
            return (false, state.pulls >= firstHeldPull)
        }
        if unavailable { throw HTTPError(.serviceUnavailable) }
        if endpoint == .pull, let beforePull { try await beforePull(state.withLock { $0.pulls }) }
        while hold, !state.withLock({ $0.released }) {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
