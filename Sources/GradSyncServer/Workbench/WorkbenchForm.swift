import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A submitted `application/x-www-form-urlencoded` form whose CSRF token matched its session.
struct WorkbenchForm: Sendable {
    /// The fields by name (the last of a repeated name).
    let values: [String: String]
    /// The session that submitted it.
    let session: String

    /// The field's text, nil when the form has no such field.
    subscript(_ name: String) -> String? { values[name] }

    /// The largest form read: a whole graduate record is a few kilobytes.
    static let limit = 256 * 1024

    /// The fields of an urlencoded body; nil when it is not one (bad percent-encoding).
    static func fields(of body: String) -> [String: String]? {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ part: Substring) -> String? { String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decoded(parts[0]), let value = parts.count > 1 ? decoded(parts[1]) : "" else { return nil }
            values[name] = value
        }
        return values
    }
}

/// A request the workbench refuses before doing anything: the answer to send instead.
struct WorkbenchRefusal: Error {
    let status: HTTPResponse.Status
    let message: String

    /// The refusal as a short plain-text answer.
    var response: Response { WorkbenchResponse.plainText(message + "\n", status: status) }
}

extension Workbench {
    /// Reads the request's form and checks its CSRF token against the request's session.
    func form(_ request: Request) async throws(WorkbenchRefusal) -> WorkbenchForm {
        var request = request
        guard let session = session(of: request) else {
            throw WorkbenchRefusal(status: .unauthorized, message: "请从 gradsync ui 打印的登录链接打开工作台。")
        }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw WorkbenchRefusal(status: .unsupportedMediaType, message: "请通过工作台的页面提交表单。")
        }
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: WorkbenchForm.limit) } catch {
            throw WorkbenchRefusal(status: .contentTooLarge, message: "表单超过 \(WorkbenchForm.limit) 字节，未处理。")
        }
        guard let values = WorkbenchForm.fields(of: String(buffer: body)) else {
            throw WorkbenchRefusal(status: .badRequest, message: "表单编码有误，未处理。")
        }
        try checkCSRF(values["csrf"], session: session)
        return WorkbenchForm(values: values, session: session)
    }

    /// Refuses a state-changing request whose CSRF token is missing or not its session's.
    func checkCSRF(_ token: String?, session: String) throws(WorkbenchRefusal) {
        guard let token, sessions.checks(csrf: token, session: session) else {
            logger.notice("workbench request refused", metadata: ["reason": "csrf"])
            throw WorkbenchRefusal(status: .forbidden, message: "表单的安全令牌（CSRF）缺失或不符，未处理。请刷新页面后重新提交。")
        }
    }

    /// The CSRF token of the request's session (pages put it in every form).
    func csrf(_ request: Request) -> String {
        // The session's cookie read and looked up once (the guard has checked it already).
        guard let id = Self.sessionCookie(of: request), id.utf8.count == 64 else { return "" }
        return sessions.csrfToken(session: id) ?? ""
    }
}
