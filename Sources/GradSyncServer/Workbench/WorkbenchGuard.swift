import Foundation
import HTTPTypes
import Hummingbird

/// The checks before any workbench route: the `Host` is the bound loopback address, the one-time sign-in token
/// is exchanged for a session, and every other request (the script and style aside) has a live session.
///
/// CSRF tokens are checked by the handlers that read a form body (`Workbench.form`), since the token is in the body.
struct WorkbenchGuard: RouterMiddleware {
    typealias Context = BasicRequestContext

    let workbench: Workbench

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // DNS rebinding: a page of another site whose name now resolves to 127.0.0.1 sends its own name as Host.
        guard let host = request.head.authority?.lowercased(), host == workbench.authority else {
            workbench.logger.notice("workbench request refused", metadata: ["reason": "host", "host": "\(request.head.authority ?? "")"])
            return WorkbenchResponse.plainText("这个工作台只接受发往 http://\(workbench.authority)/ 的请求。\n", status: .misdirectedRequest)
        }
        if request.method == .get, request.uri.path.hasPrefix("/assets/") { return try await next(request, context) }
        if request.method == .get, let token = request.uri.queryParameters.get("token") {
            return signIn(presenting: token, path: request.uri.path)
        }
        guard workbench.session(of: request) != nil else {
            return WorkbenchResponse.html(WorkbenchLayout.plain(title: "请从登录链接打开工作台", body: """
                <p>工作台只接受通过登录链接打开的浏览器。请使用运行 <code>gradsync ui</code> 时打印的链接（每个链接只能用一次）；\
                链接已用过时，结束并重新运行 <code>gradsync ui</code> 即可得到新的链接。</p>
                """), status: .unauthorized)
        }
        if request.method != .get, !SameOrigin.allows(request) {
            return WorkbenchResponse.plainText("请在工作台自己的页面上提交。\n", status: .forbidden)
        }
        return try await next(request, context)
    }

    /// Exchanges the one-time token for a session cookie and goes to the page asked for, without the token in its address.
    private func signIn(presenting token: String, path: String) -> Response {
        guard let session = workbench.sessions.signIn(presenting: token) else {
            workbench.logger.notice("workbench sign-in refused", metadata: ["reason": "token"])
            return WorkbenchResponse.html(WorkbenchLayout.plain(title: "登录链接无效", body: """
                <p class="error" role="alert">这个登录链接无效或已经用过（每个链接只能用一次）。</p>\
                <p>如果这是你刚打开的链接，请结束并重新运行 <code>gradsync ui</code>，用它打印的新链接登录。</p>
                """), status: .forbidden)
        }
        workbench.logger.info("workbench sign-in")
        // Only a path of this site: `//host/…` would send the fresh session's browser to another one.
        let local = path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\") ? path : "/"
        return WorkbenchResponse.redirect(to: local, headers: [.setCookie: workbench.cookie(session)])
    }
}
