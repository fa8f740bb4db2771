import Foundation
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A central node with the fixture dataset, its router in-process, a central and a department token.
struct DashboardHarness {
    let replicas: TestReplicas
    let central: ReplicaStore
    let centralToken: String
    let departmentToken: String
    let server: SyncServer

    /// The session idle time the harness configures: 30 minutes.
    static let idleMilliseconds: UInt64 = 30 * 60_000

    init(universityProvince: String? = "35", logger: Logger = Logger(label: "test")) throws {
        replicas = try TestReplicas()
        central = try replicas.make("central", scope: .central)
        try DashboardDataset.write(into: central)
        centralToken = try central.tokens.issue(scope: .central, label: "office").token
        departmentToken = try central.tokens.issue(scope: .department(try .department("AUTO")), label: "auto").token
        let clock = replicas.clock
        let configuration = DashboardConfiguration(sessionIdleMilliseconds: Self.idleMilliseconds,
                                                   universityProvince: universityProvince, clock: { clock.now() })
        server = SyncServer(store: central, logger: logger, dashboard: configuration)
    }

    /// Runs `test` against the router in-process.
    func test(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: server.makeRouter())
        try await app.test(.router) { client in try await test(client) }
    }
}

extension TestClientProtocol {
    /// Posts the sign-in form with `token`.
    func signIn(token: String) async throws -> TestResponse {
        let body = "token=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return try await execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                 body: ByteBuffer(string: body))
    }

    /// Signs in with `token` and returns the `Cookie` header value for later requests.
    func sessionCookie(token: String) async throws -> String {
        let response = try await signIn(token: token)
        let setCookie = response.headers[.setCookie] ?? ""
        return String(setCookie.split(separator: ";").first ?? "")
    }

    /// GET `uri` with a session cookie (or none).
    func get(_ uri: String, cookie: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = cookie }
        return try await execute(uri: uri, method: .get, headers: headers)
    }
}

extension TestResponse {
    /// The body as UTF-8 text.
    var text: String { String(buffer: body) }
}
