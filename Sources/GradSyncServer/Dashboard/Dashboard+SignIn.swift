import GradSyncStore
import Hummingbird
import NIOCore

extension Dashboard {
    /// The sign-in form's fields.
    struct SignInForm: Decodable {
        var token: String?
    }

    /// The largest sign-in form read: a token is 84 characters, percent-encoded at most three times that.
    static let signInBodyLimit = 4096

    /// `POST /login`: a valid, unrevoked central token opens a session; anything else is refused without echoing it.
    ///
    /// Refused tokens are counted by the address they came from (`SignInThrottle`): past a few, that address is
    /// answered 429 with `Retry-After` until its wait is over, and its token is not even looked at.
    func signIn(_ request: Request, from address: SocketAddress?) async throws -> Response {
        var request = request
        let client = Self.throttleKey(address)
        if let wait = throttle.wait(for: client) {
            let seconds = (wait + 999) / 1000
            logger.notice("dashboard sign-in refused", metadata: ["reason": "throttled", "retry_after": "\(seconds)"])
            var response = DashboardResponse.html(
                SignInPage.render(message: "登录失败次数过多，请 \(seconds) 秒后再试。"), status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        guard SameOrigin.allows(request) else {
            logger.notice("dashboard sign-in refused", metadata: ["reason": "cross_origin"])
            return DashboardResponse.html(SignInPage.render(message: "请在本站的登录页面输入令牌。"), status: .forbidden)
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            return DashboardResponse.html(SignInPage.render(message: "请通过登录页面提交令牌。"), status: .unsupportedMediaType)
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.signInBodyLimit)
        } catch is NIOTooManyBytesError {
            throw SyncRefusal(.bodyTooLarge, "the sign-in form is larger than \(Self.signInBodyLimit) bytes")
        }
        let form = try? URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: body))
        let presented = (form?.token ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !presented.isEmpty else {
            return DashboardResponse.html(SignInPage.render(message: "请输入令牌。"), status: .badRequest)
        }
        guard let token = try await store.tokens.authenticate(bearer: presented) else {
            throttle.failed(from: client)
            logger.notice("dashboard sign-in refused", metadata: ["reason": "invalid_token"])
            return DashboardResponse.html(SignInPage.render(message: "令牌无效或已被吊销。"), status: .unauthorized)
        }
        guard token.scope == .central else {
            throttle.failed(from: client)
            logger.notice("dashboard sign-in refused", metadata: ["reason": "department_token", "token_id": "\(token.id)"])
            return DashboardResponse.html(
                SignInPage.render(message: "这是学院 \(token.scope) 的令牌，只能用于同步。仪表盘只接受校级（就业指导中心）令牌。"),
                status: .forbidden)
        }
        throttle.succeeded(from: client)
        let session = try await sessions.open(tokenID: token.id)
        logger.info("dashboard sign-in", metadata: ["token_id": "\(token.id)"])
        return DashboardResponse.redirect(to: "/", headers: [.setCookie: cookie(session)])
    }

    /// `POST /logout`: ends the session and clears the cookie; refused from another site's page or without the
    /// session's form token.
    func signOut(_ request: Request) async throws -> Response {
        guard SameOrigin.allows(request) else {
            return DashboardResponse.html(SignInPage.render(message: "请在本站的页面上退出登录。"), status: .forbidden)
        }
        if let session = try await signedIn(request) {
            let form = try await DashboardForm.read(request)
            guard SessionRegistry.formTokenMatches(form?[DashboardForm.tokenField] ?? "", session: session.id) else {
                return Self.staleForm()
            }
            try await sessions.close(session.id)
        }
        return DashboardResponse.redirect(to: "/login", headers: [.setCookie: cookie("", maxAge: 0)])
    }

    /// What refused failures are counted by: the peer's IP address (its port changes with every connection).
    static func throttleKey(_ address: SocketAddress?) -> String {
        address?.ipAddress ?? "unknown"
    }

    /// The session cookie: HttpOnly, SameSite=Strict, whole site, `Secure` over HTTPS.
    func cookie(_ value: String, maxAge: Int? = nil) -> String {
        var parts = ["\(Self.cookieName)=\(value)", "HttpOnly", "SameSite=Strict", "Path=/"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if configuration.secureCookie { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
