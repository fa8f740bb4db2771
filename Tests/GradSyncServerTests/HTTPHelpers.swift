import Foundation
import GradSyncSync
import Hummingbird
import HummingbirdTesting
import Testing

/// The three sync endpoints.
enum Endpoint: String, CaseIterable, Sendable {
    case handshake = "/v1/sync/handshake"
    case pull = "/v1/sync/pull"
    case push = "/v1/sync/push"
}

enum JSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func bytes(_ value: some Encodable) -> [UInt8] { Array(try! encoder.encode(value)) }

    /// The JSON text of `value` with one piece of text replaced, to craft what an encoder would never write.
    static func bytes(_ value: some Encodable, replacing target: String, with replacement: String) -> [UInt8] {
        let text = String(decoding: bytes(value), as: UTF8.self)
        precondition(text.contains(target), "\(target) is not in \(text)")
        return Array(text.replacingOccurrences(of: target, with: replacement).utf8)
    }
}

extension TestClientProtocol {
    /// Posts raw bytes to `path` with a bearer token (when given) and extra headers.
    func post(_ path: String, bytes: [UInt8], token: String?, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers.append(contentsOf: extra)
        return try await executeRequest(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }

    /// Posts a message to an endpoint as JSON.
    func post(_ endpoint: Endpoint, _ message: some Encodable, token: String?, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await post(endpoint.rawValue, bytes: JSON.bytes(message), token: token, headers: headers)
    }

    /// A GET of `path`.
    func get(_ path: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await executeRequest(uri: path, method: .get, headers: headers, body: nil)
    }
}

extension TestResponse {
    /// The body as sent (still compressed when the server compressed it).
    var bytes: [UInt8] { Array(body.readableBytesView) }

    /// The body as text, inflated when it was gzip-compressed.
    var text: String { String(decoding: inflatedBytes, as: UTF8.self) }

    /// The body, inflated when the server compressed it.
    var inflatedBytes: [UInt8] {
        headers[.contentEncoding] == "gzip" ? (try? Gzip.decompress(bytes, limit: 64 << 20)) ?? [] : bytes
    }

    /// The body decoded as `type`.
    func decode<T: Decodable>(_ type: T.Type, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
        #expect(status == .ok, "HTTP \(status.code): \(text.prefix(300))", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(T.self, from: Data(inflatedBytes))
    }

    /// The refusal in the body, when it is one.
    var refusal: WireError.Body? { try? JSONDecoder().decode(WireError.self, from: Data(inflatedBytes)).error }
}

/// Checks that a response is the refusal `code` with `status`, a JSON error body and never a server error.
@discardableResult
func expectRefusal(_ response: TestResponse, _ status: HTTPResponse.Status, _ code: String,
                   sourceLocation: SourceLocation = #_sourceLocation) -> WireError.Body? {
    #expect(response.status == status, "expected \(status.code) \(code), got \(response.status.code): \(response.text.prefix(300))",
            sourceLocation: sourceLocation)
    #expect(response.status.code < 500, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
    let refusal = response.refusal
    #expect(refusal?.code == code, "body: \(response.text.prefix(300))", sourceLocation: sourceLocation)
    #expect(refusal.map { !$0.message.isEmpty } == true, sourceLocation: sourceLocation)
    return refusal
}
