import Foundation
import Hummingbird
import NIOCore

/// A dashboard form as posted (`application/x-www-form-urlencoded`): its fields by name, the first of each name.
struct DashboardForm: Sendable {
    /// The largest form read; a record's every field fits many times over.
    static let bodyLimit = 64 * 1024

    /// The name of the hidden field that carries the session's form token.
    static let tokenField = "form_token"

    let fields: [String: String]

    /// The field's text, or nil when the form does not have it.
    subscript(_ name: String) -> String? { fields[name] }

    /// Reads the request's form; nil when it is not a URL-encoded form.
    static func read(_ request: Request) async throws -> DashboardForm? {
        var request = request
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else { return nil }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: bodyLimit)
        } catch is NIOTooManyBytesError {
            throw SyncRefusal(.bodyTooLarge, "the form is larger than \(bodyLimit) bytes")
        }
        return DashboardForm(parsing: String(buffer: body))
    }

    /// Parses `a=1&b=x+y`: `+` is a space, `%XX` a byte of UTF-8; a malformed escape leaves the text as sent.
    init(parsing text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if fields[name] == nil { fields[name] = value }
        }
        self.fields = fields
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
