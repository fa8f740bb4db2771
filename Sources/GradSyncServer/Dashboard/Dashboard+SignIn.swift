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
    func signIn(_ request: Request) async throws -> Response {
        var request = request
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
            logger.notice("dashboard sign-in refused", metadata: ["reason": "invalid_token"])
            return DashboardResponse.html(SignInPage.render(message: "令牌无效或已被吊销。"), status: .unauthorized)
        }
        guard token.scope == .central else {
            logger.notice("dashboard sign-in refused", metadata: ["reason": "department_token", "token_id": "\(token.id)"])
            return DashboardResponse.html(
                SignInPage.render(message: "这是学院 \(token.scope) 的令牌，只能用于同步。仪表盘只接受校级（就业指导中心）令牌。"),
                status: .forbidden)
        }
        let session = sessions.open(tokenID: token.id)
        logger.info("dashboard sign-in", metadata: ["token_id": "\(token.id)"])
        return DashboardResponse.redirect(to: "/", headers: [.setCookie: cookie(session)])
    }

    /// `POST /logout`: ends the session and clears the cookie; refused from another site's page.
    func signOut(_ request: Request) -> Response {
        guard SameOrigin.allows(request) else {
            return DashboardResponse.html(SignInPage.render(message: "请在本站的页面上退出登录。"), status: .forbidden)
        }
        if let id = request.cookies[Self.cookieName]?.value { sessions.close(id) }
        return DashboardResponse.redirect(to: "/login", headers: [.setCookie: cookie("", maxAge: 0)])
    }

    /// The session cookie: HttpOnly, SameSite=Strict, whole site, `Secure` over HTTPS.
    func cookie(_ value: String, maxAge: Int? = nil) -> String {
        var parts = ["\(Self.cookieName)=\(value)", "HttpOnly", "SameSite=Strict", "Path=/"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if configuration.secureCookie { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
