import Synchronization

/// Counters the node exposes at `/metrics` in Prometheus text format.
public final class ServerMetrics: Sendable {
    private struct Counters {
        var requests: [String: Int] = [:]
        var refusals: [String: Int] = [:]
        var latencySum: [String: Double] = [:]
        var latencyCount: [String: Int] = [:]
        var changesApplied = 0
        var changesSent = 0
        var pagesPushed = 0
        var pagesPulled = 0
        var syncsCompleted = 0
    }

    private let counters = Mutex(Counters())

    /// Makes empty counters.
    public init() {}

    func recordRequest(path: String, status: Int, seconds: Double, refusal: String?) {
        let route = Self.route(path)
        counters.withLock { counters in
            counters.requests["\(route)|\(status)", default: 0] += 1
            counters.latencySum[route, default: 0] += seconds
            counters.latencyCount[route, default: 0] += 1
            if let refusal { counters.refusals[refusal, default: 0] += 1 }
        }
    }

    func recordPush(applied: Int) {
        counters.withLock { $0.pagesPushed += 1; $0.changesApplied += applied }
    }

    func recordPull(sent: Int, completed: Bool) {
        counters.withLock { $0.pagesPulled += 1; $0.changesSent += sent; if completed { $0.syncsCompleted += 1 } }
    }

    /// Known routes keep their path; anything else is one label, so label sets stay bounded.
    static func route(_ path: String) -> String {
        ["/v1/sync/handshake", "/v1/sync/pull", "/v1/sync/push", "/healthz", "/readyz", "/metrics"].contains(path) ? path : "other"
    }

    /// The Prometheus text exposition of every counter.
    public func render(openConflicts: Int, changesHeld: Int) -> String {
        counters.withLock { counters in
            var lines: [String] = []
            lines.append("# HELP gradsync_http_requests_total HTTP requests by route and status.")
            lines.append("# TYPE gradsync_http_requests_total counter")
            for (key, count) in counters.requests.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: "|")
                lines.append("gradsync_http_requests_total{route=\"\(parts[0])\",status=\"\(parts[1])\"} \(count)")
            }
            lines.append("# HELP gradsync_http_request_seconds Request latency by route.")
            lines.append("# TYPE gradsync_http_request_seconds summary")
            for (route, sum) in counters.latencySum.sorted(by: { $0.key < $1.key }) {
                lines.append("gradsync_http_request_seconds_sum{route=\"\(route)\"} \(sum)")
                lines.append("gradsync_http_request_seconds_count{route=\"\(route)\"} \(counters.latencyCount[route] ?? 0)")
            }
            lines.append("# HELP gradsync_refusals_total Refused requests by machine code.")
            lines.append("# TYPE gradsync_refusals_total counter")
            for (code, count) in counters.refusals.sorted(by: { $0.key < $1.key }) {
                lines.append("gradsync_refusals_total{code=\"\(code)\"} \(count)")
            }
            lines.append("# TYPE gradsync_changes_applied_total counter")
            lines.append("gradsync_changes_applied_total \(counters.changesApplied)")
            lines.append("# TYPE gradsync_changes_sent_total counter")
            lines.append("gradsync_changes_sent_total \(counters.changesSent)")
            lines.append("# TYPE gradsync_pages_total counter")
            lines.append("gradsync_pages_total{direction=\"push\"} \(counters.pagesPushed)")
            lines.append("gradsync_pages_total{direction=\"pull\"} \(counters.pagesPulled)")
            lines.append("# TYPE gradsync_syncs_completed_total counter")
            lines.append("gradsync_syncs_completed_total \(counters.syncsCompleted)")
            lines.append("# TYPE gradsync_open_conflicts gauge")
            lines.append("gradsync_open_conflicts \(openConflicts)")
            lines.append("# TYPE gradsync_changes_held gauge")
            lines.append("gradsync_changes_held \(changesHeld)")
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
