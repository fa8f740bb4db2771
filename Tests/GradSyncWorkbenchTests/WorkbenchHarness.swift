import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncServer
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A department replica (AUTO) on a real SQLite file and its workbench, reached in-process through the router.
///
/// The in-process client names the server `localhost` (its request authority), so the workbench is told that is
/// the address it bound; `Workbench.run` sets the real `127.0.0.1:PORT`.
struct WorkbenchHarness {
    let replicas: TestReplicas
    let replica: PlacementReplica
    let workbench: Workbench

    static let author = "王老师"

    init(authority: String = "localhost", syncTarget: @escaping @Sendable () throws -> WorkbenchSyncTarget = WorkbenchHarness.noRemote) throws {
        replicas = try TestReplicas()
        replica = PlacementReplica(store: try replicas.make("auto", scope: .department(try Scope.department("AUTO")), validator: PlacementValidator()))
        let clock = replicas.clock
        workbench = Workbench(replica: replica, configuration: WorkbenchConfiguration(author: Self.author, syncTarget: syncTarget,
                                                                                      uploadLimit: 64 * 1024, clock: { clock.now() }),
                              logger: Logger(label: "test"), authority: authority)
    }

    /// No remote configured: "sync now" says so.
    static let noRemote: @Sendable () throws -> WorkbenchSyncTarget = { throw RecordsError.refused("no remote configured") }

    /// A graduate with every required field, unplaced.
    static let graduate: [String: FieldValue] = [
        "name": .string("张三"), "gender": .string("1"), "degree_level": .string("本科"), "grad_year": .integer(2025),
        "major_name": .string("自动化"),
    ]

    /// Runs `test` against the router in-process.
    func test(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: workbench.makeRouter())
        try await app.test(.router) { client in try await test(client) }
    }

    /// Changes held, to show a refused request wrote nothing.
    func changeCount() throws -> Int { try replica.store.changeCount() }
}

/// A signed-in browser: its session cookie and the CSRF token its pages carry.
struct Browser: Sendable {
    let client: any TestClientProtocol
    let cookie: String
    let csrf: String

    /// Signs in with the workbench's one-time token and reads the CSRF token from a page.
    static func signIn(_ client: any TestClientProtocol, _ workbench: Workbench) async throws -> Browser {
        let token = workbench.signInToken ?? ""
        let response = try await client.execute(uri: "/?token=\(token)", method: .get)
        let cookie = String((response.headers[.setCookie] ?? "").split(separator: ";").first ?? "")
        let page = try await client.execute(uri: "/graduates/new", method: .get, headers: [.cookie: cookie])
        return Browser(client: client, cookie: cookie, csrf: Self.csrf(in: String(buffer: page.body)) ?? "")
    }

    /// The CSRF token a page's forms carry.
    static func csrf(in page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    /// GET with the session.
    func get(_ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }

    /// POSTs an urlencoded form with the session; `csrf` is added unless the form sets it (nil leaves it out).
    func post(_ uri: String, _ fields: [(String, String)], csrf: String?? = .none) async throws -> TestResponse {
        var all = fields
        switch csrf {
        case .none: all.append(("csrf", self.csrf))
        case .some(.some(let token)): all.append(("csrf", token))
        case .some(.none): break
        }
        let body = all.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post,
                                        headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: body))
    }

    /// POSTs a roster file as the import page's multipart form does.
    func upload(_ data: Data, csrf: String? = nil, fileName: String = "roster.csv") async throws -> TestResponse {
        let boundary = "----gradsync-test-boundary"
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf ?? self.csrf)\r\n".utf8))
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return try await client.execute(uri: "/import", method: .post,
                                        headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
                                        body: ByteBuffer(bytes: body))
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestResponse {
    /// The body as UTF-8 text.
    var text: String { String(buffer: body) }
}

/// Text as the workbench's pages escape it.
func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
}
