import Foundation
import GradSyncRecords
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// The secretaries' workbench: a web app served by a replica to the browser on the same machine (`gradsync ui`).
///
/// It binds 127.0.0.1 only and answers only requests whose `Host` is the address it bound (a page of another site
/// that a rebinding DNS name points here is refused). Signing in exchanges a one-time token, printed with the URL,
/// for an HttpOnly, SameSite=Strict session cookie; every state-changing form carries the session's CSRF token.
/// Every read and write goes through the records layer, in short transactions, so cron syncs and CLI commands on the
/// same replica run beside it.
public final class Workbench: Sendable {
    static let cookieName = "gradsync_workbench"

    /// The records the pages read and the forms write.
    public let replica: PlacementReplica
    let configuration: WorkbenchConfiguration
    let sessions = WorkbenchSessions()
    let syncRunner: WorkbenchSyncRunner
    let logger: Logger
    private let boundAuthority: Mutex<String>

    /// A workbench over `replica`; `authority` is the `Host` it answers (set by `run` to `127.0.0.1:PORT` once bound).
    public init(replica: PlacementReplica, configuration: WorkbenchConfiguration, logger: Logger, authority: String = "127.0.0.1") {
        self.replica = replica
        self.configuration = configuration
        self.logger = logger
        self.boundAuthority = Mutex(authority)
        self.syncRunner = WorkbenchSyncRunner(replica: replica, target: configuration.syncTarget, clock: configuration.clock)
    }

    /// The `Host` requests must carry: the loopback address and port bound.
    public var authority: String { boundAuthority.withLock { $0 } }

    /// The one-time sign-in token, until it is used.
    public var signInToken: String? { sessions.signInToken }

    /// The URL to open once: it signs the browser in.
    public var signInURL: String? { signInToken.map { "http://\(authority)/?token=\($0)" } }

    /// The router, usable in-process by tests and by `run`.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: WorkbenchGuard(workbench: self))
        addPageRoutes(to: router)
        addGraduateRoutes(to: router)
        addImportRoutes(to: router)
        addConflictRoutes(to: router)
        addSyncRoutes(to: router)
        return router
    }

    /// Serves on 127.0.0.1:`port` (0: a free port) until the task is cancelled; `onListening` gets the port bound,
    /// after which `signInURL` names it.
    public func run(port: Int, onListening: @escaping @Sendable (Int) -> Void) async throws {
        let app = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { [self] channel in
                let bound = channel.localAddress?.port ?? port
                self.boundAuthority.withLock { $0 = "127.0.0.1:\(bound)" }
                onListening(bound)
            },
            logger: logger)
        try await app.runService()
    }

    /// The session a request's cookie names, when it is live.
    func session(of request: Request) -> String? {
        guard let id = Self.sessionCookie(of: request), id.utf8.count == 64, sessions.csrfToken(session: id) != nil else { return nil }
        return id
    }

    /// The value of the request's session cookie: the first cookie of that name, its value everything after the
    /// first `=` (as Hummingbird's `request.cookies` finds it), without parsing every cookie and its attributes.
    static func sessionCookie(of request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            // A header of ASCII (a browser's always is) is read byte by byte; any other, character by character.
            let bytes = header.utf8
            if bytes.allSatisfy({ $0 < 0x80 }) {
                if let value = asciiCookie(cookieName, in: bytes) { return value }
                continue
            }
            for part in header.split(separator: ";") {
                let cookie = part.drop { $0.isWhitespace }
                guard let equals = cookie.firstIndex(of: "=") else { continue }
                if cookie[..<equals] == cookieName { return String(cookie[cookie.index(after: equals)...]) }
            }
        }
        return nil
    }

    /// The value of the first cookie named `name` in an ASCII `Cookie` header, read as `sessionCookie` reads it.
    private static func asciiCookie(_ name: String, in bytes: String.UTF8View) -> String? {
        // Character.isWhitespace for ASCII: tab, line feed, vertical tab, form feed, carriage return and space.
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
            var first = start
            while first < end, isWhitespace(bytes[first]) { first = bytes.index(after: first) }
            if let equals = bytes[first..<end].firstIndex(of: UInt8(ascii: "=")), bytes[first..<equals].elementsEqual(name.utf8) {
                return String(Substring(bytes[bytes.index(after: equals)..<end]))
            }
            start = end == bytes.endIndex ? end : bytes.index(after: end)
        }
        return nil
    }

    /// The session cookie: HttpOnly, SameSite=Strict, whole site; it lasts as long as the browser session.
    func cookie(_ value: String) -> String {
        "\(Self.cookieName)=\(value); HttpOnly; SameSite=Strict; Path=/"
    }

    /// Runs blocking record reads and writes on a dispatch thread, never on Swift's cooperative pool (as the dashboard does).
    static func offloaded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await Dashboard.offloaded(body)
    }
}
