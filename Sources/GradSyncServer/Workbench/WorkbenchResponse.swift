import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The workbench's responses: pages under a Content-Security-Policy that lets only the binary's own script and
/// inline styles run, and downloads; redirects and plain-text refusals are the dashboard's.
enum WorkbenchResponse {
    /// Nothing may be loaded from anywhere but this workbench: the script is `/assets/workbench.js`, styles are
    /// inline, charts inline SVG.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// An HTML page; never cached, since pages hold personal data.
    static func html(_ page: HTML, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page.rendered)))
    }

    /// A file to download (CSV exports and reports).
    static func download(_ data: Data, fileName: String, type: String = "text/csv; charset=utf-8") -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A static asset compiled into the binary.
    static func asset(_ text: String, type: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 303 See Other to `location`, with extra headers (e.g. a cookie): the dashboard's, as is.
    static func redirect(to location: String, headers extra: HTTPFields = [:]) -> Response {
        DashboardResponse.redirect(to: location, headers: extra)
    }

    /// A short plain-text refusal: the dashboard's, as is.
    static func plainText(_ text: String, status: HTTPResponse.Status) -> Response {
        DashboardResponse.plainText(text, status: status)
    }

    /// Built once: every page and download carries them.
    private static let securityHeaders: HTTPFields = {
        var headers = HTTPFields()
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        // Not `no-referrer`: under it a browser sends `Origin: null` with a form post, which the same-origin check
        // must refuse. Nothing is loaded from elsewhere, so the referrer never leaves the workbench.
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[.cacheControl] = "no-store"
        return headers
    }()
}
