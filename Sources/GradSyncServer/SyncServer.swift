import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// The HTTP face of a replica: the sync endpoints under `/v1/sync/`, health, metrics and, on the central node, the dashboard.
public struct SyncServer: Sendable {
    /// The replica served.
    public let store: ReplicaStore
    /// Where requests are logged (the executable bootstraps the backend).
    public let logger: Logger
    /// The counters behind `/metrics`.
    public let metrics: ServerMetrics
    /// How the central office's dashboard behaves (sessions, cookie, the university's province).
    public var dashboard: DashboardConfiguration
    /// Whether the sync endpoints offer digest pages (see `SyncEndpoints.pageDigest`); on unless turned off.
    public var pageDigest: Bool
    /// Whether a pull's `from` is read (see `SyncEndpoints.pullFrom`); on unless turned off.
    public var pullFrom: Bool
    /// The node's snapshot cache when it serves snapshots (`POST /v1/sync/snapshot`); nil, it answers as a node that
    /// predates them (no route, no `snapshot_min_changes` in the handshake).
    public var snapshots: SnapshotCache?
    /// The threshold the handshake advertises with snapshots.
    public var snapshotMinChanges = SyncEndpoints.defaultSnapshotMinChanges
    /// Whether only signed clients sync (see `SyncEndpoints.requireSigned`); off unless asked for.
    public var requireSigned = false
    /// Whether the node reads pushed stream tips and serves them with pulled pages (see `SyncEndpoints.streamTips`);
    /// off only to measure what they cost, or in tests of a node that predates them.
    public var streamTips = true
    /// Whether every response carries `Strict-Transport-Security` (set when the node serves HTTPS, never over plain HTTP,
    /// where browsers ignore it and it would only mislead).
    public var strictTransportSecurity = false

    /// A server for `store`.
    public init(store: ReplicaStore, logger: Logger, metrics: ServerMetrics = ServerMetrics(),
                dashboard: DashboardConfiguration = DashboardConfiguration(), pageDigest: Bool = true, pullFrom: Bool = true,
                snapshots: Bool = true) {
        self.store = store
        self.snapshots = snapshots ? SnapshotCache(store: store) : nil
        self.logger = logger
        self.metrics = metrics
        self.dashboard = dashboard
        self.pageDigest = pageDigest
        self.pullFrom = pullFrom
    }

    /// The router, usable in-process by tests and by `run`.
    public func makeRouter() -> Router<NodeRequestContext> {
        let router = Router(context: NodeRequestContext.self)
        if strictTransportSecurity { router.add(middleware: StrictTransportSecurityMiddleware()) }
        router.add(middleware: JSONErrorMiddleware(logger: logger, metrics: metrics))
        let endpoints = SyncEndpoints(store: store, pageDigest: pageDigest, pullFrom: pullFrom, snapshots: snapshots,
                                      snapshotMinChanges: snapshotMinChanges, streamTips: streamTips, requireSigned: requireSigned)
        let metrics = self.metrics
        router.post("/v1/sync/handshake") { request, _ in
            var request = request
            let token = try await authenticate(request)
            let message = try await HTTPBodies.decode(HandshakeRequest.self, from: &request)
            return try HTTPBodies.json(try await endpoints.handshake(message, token: token), request: request)
        }
        router.post("/v1/sync/pull") { request, _ in
            var request = request
            let token = try await authenticate(request)
            let message = try await HTTPBodies.decode(PullRequest.self, from: &request, limit: 4 * 1024 * 1024)
            // The page is read, put in wire form, and written as JSON (gzip when asked) in one job on the bulk-work
            // threads (see `BulkWorkers`).
            let acceptsGzip = HTTPBodies.acceptsGzip(request)
            let (response, sent, completed) = try await endpoints.pull(message, token: token) { page in
                (try HTTPBodies.json(page, acceptsGzip: acceptsGzip), page.changes.count, !page.hasMore)
            }
            metrics.recordPull(sent: sent, completed: completed)
            return response
        }
        router.post("/v1/sync/push") { request, _ in
            var request = request
            let token = try await authenticate(request)
            let body = try await HTTPBodies.collect(from: &request)
            let encoding = request.headers[.contentEncoding]
            // Inflating, parsing and checking the page on the bulk-work threads (see `BulkWorkers`); the claim, the
            // node's own stream and the write stay on the store's.
            let page = try await BulkWorkers.shared.run {
                try endpoints.check(HTTPBodies.decode(PushRequest.self, body: body, contentEncoding: encoding), token: token)
            }
            let result = try await endpoints.push(page, token: token)
            metrics.recordPush(applied: result.applied)
            return try HTTPBodies.json(result, request: request)
        }
        if snapshots != nil {
            router.post("/v1/sync/snapshot") { request, _ in
                var request = request
                let token = try await authenticate(request)
                let message = try await HTTPBodies.decode(SnapshotRequest.self, from: &request, limit: 64 * 1024)
                let resume = SnapshotResponse.resume(in: request.headers)
                let file = try await endpoints.snapshot(message, token: token, resuming: resume?.name)
                do {
                    return try SnapshotResponse.make(file, resume: resume)
                } catch CocoaError.fileReadNoSuchFile, CocoaError.fileNoSuchFile {
                    // A newer snapshot of the scope replaced the file just now: serve that one.
                    return try SnapshotResponse.make(try await endpoints.snapshot(message, token: token), resume: nil)
                }
            }
        }
        // The router answers a known path asked with another method as not found; say 405 instead.
        for path in ["/v1/sync/handshake", "/v1/sync/pull", "/v1/sync/push"] + (snapshots == nil ? [] : ["/v1/sync/snapshot"]) {
            for method in [HTTPRequest.Method.get, .put, .delete, .patch] {
                router.on(RouterPath(path), method: method) { _, _ -> Response in throw HTTPError(.methodNotAllowed) }
            }
        }
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { _, _ in
            _ = try await store.versionVectorAsync(filter: nil)
            return "ready\n"
        }
        router.get("/metrics") { _, _ in
            let body = metrics.render(openConflicts: try await store.conflictsAsync().count, changesHeld: try await store.changeCountAsync())
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        Dashboard(store: store, configuration: dashboard, logger: logger).addRoutes(to: router)
        return router
    }

    /// The token a request's `Authorization: Bearer …` header names, or a 401 refusal.
    func authenticate(_ request: Request) async throws -> TokenInfo {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let token = try await store.tokens.authenticate(bearer: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw SyncRefusal.unauthorized
        }
        return token
    }

    /// TLS files for HTTPS.
    public struct TLSFiles: Sendable {
        public var certificateChain: String
        public var privateKey: String

        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight (a page being applied commits or rolls back whole).
    ///
    /// - Parameters:
    ///   - limits: the connection timeouts and cap (see `ConnectionLimits`); fit the cap to the open-file limit first.
    ///   - stopsOnSignals: whether SIGINT and SIGTERM stop the server (tests turn it off and cancel the task instead).
    ///   - onListening: called with the bound port once the server accepts connections (port 0 picks a free one).
    public func run(host: String, port: Int, tls: TLSFiles?, limits: ConnectionLimits = ConnectionLimits(),
                    stopsOnSignals: Bool = true,
                    onListening: @escaping @Sendable (Int) -> Void) async throws {
        let limiter = ConnectionLimiter(maxConnections: limits.maxConnections)
        // Hummingbird closes a connection idle for `idleTimeout`; `ConnectionGuard` adds the head, body and
        // write-stall deadlines, bounds pipelining, and tells the limiter which connections are idle or stalled.
        let http = HTTPServerBuilder.http1(configuration: HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuard(limits: limits, limiter: limiter)], idleTimeout: TimeAmount(limits.idleTimeout)))
        let server: HTTPServerBuilder
        var served = self
        if let tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChain).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.privateKey, format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            server = try .tls(http, tlsConfiguration: configuration)
            served.dashboard.secureCookie = true
            served.strictTransportSecurity = true
        } else {
            server = http
        }
        let app = Application(
            router: served.makeRouter(), server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "gradsync",
                                                    availableConnectionsDelegate: limiter),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        if stopsOnSignals { try await app.runService() } else { try await app.runService(gracefulShutdownSignals: []) }
    }
}
