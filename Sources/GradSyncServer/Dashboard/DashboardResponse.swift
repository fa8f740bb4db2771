import Foundation
import GradSyncPlacement
import HTTPTypes
import Hummingbird
import NIOCore

/// The dashboard's responses: HTML pages with a strict Content-Security-Policy, CSV downloads and redirects.
enum DashboardResponse {
    /// Nothing may be loaded from anywhere: styles are inline, charts are inline SVG, there is no script.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// An HTML page; never cached, since pages can hold personal data.
    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page.rendered)))
    }

    /// A table as a CSV download (`ReportTable.csvData()`), as Excel on Chinese Windows reads it.
    static func csv(_ table: ReportTable, fileName: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        let bytes = table.csvData()
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A 303 See Other to `location`, with extra headers (e.g. a cookie).
    static func redirect(to location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }

    /// A short plain-text refusal for a download asked for without a session.
    static func plainText(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private static var securityHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        // Not `no-referrer`: under it a browser sends `Origin: null` with every form post, which `SameOrigin`
        // refuses; `same-origin` keeps addresses from other sites and lets the node's own posts name their origin.
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[.cacheControl] = "no-store"
        return headers
    }
}
