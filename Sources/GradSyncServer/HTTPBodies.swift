import Foundation
import GradSyncSync
import Hummingbird
import NIOCore

/// Reading JSON request bodies (gzip accepted, size bounded) and writing JSON responses (gzip when asked).
enum HTTPBodies {
    static let decoder = JSONDecoder()
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Decodes the request body as `T`, refusing oversized, corrupt or malformed bodies with a clear code.
    static func decode<T: Decodable>(_ type: T.Type, from request: inout Request, limit: Int = WireProtocol.maxBodyBytes) async throws -> T {
        let body = try await collect(from: &request, limit: limit)
        return try decode(T.self, body: body, contentEncoding: request.headers[.contentEncoding], limit: limit)
    }

    /// The request body, read whole; refused when larger than `limit`.
    static func collect(from request: inout Request, limit: Int = WireProtocol.maxBodyBytes) async throws -> ByteBuffer {
        do {
            return try await request.collectBody(upTo: limit)
        } catch {
            throw SyncRefusal(.bodyTooLarge, "the request body is larger than \(limit) bytes")
        }
    }

    /// Decodes a collected body as `T` (inflating it when gzip), refusing corrupt or malformed bodies with a clear code:
    /// the CPU-bound part of `decode`, which a caller may run on another thread.
    static func decode<T: Decodable>(_ type: T.Type, body buffer: ByteBuffer, contentEncoding: String?,
                                     limit: Int = WireProtocol.maxBodyBytes) throws -> T {
        var bytes = Array(buffer.readableBytesView)
        let encoding = contentEncoding?.lowercased()
        if encoding == "gzip" || Gzip.isCompressed(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, limit: limit)
            } catch .tooLarge {
                throw SyncRefusal(.bodyTooLarge, "the request body decompresses to more than \(limit) bytes")
            } catch {
                throw SyncRefusal.badRequest("the request body is not valid gzip: \(error)")
            }
        } else if let encoding, encoding != "identity" {
            throw SyncRefusal(.unsupportedEncoding, "Content-Encoding '\(encoding.prefix(40))' is not supported; use gzip or none")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw SyncRefusal.badRequest("the request body is not valid UTF-8")
        }
        // Pages of changes are read by hand when they have the common shape; JSONDecoder decides the rest.
        if T.self == PushRequest.self, let page = WireJSON.decodePushRequest(bytes) as? T {
            return page
        }
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw SyncRefusal.badRequest("the request body is not a valid \(T.self) message: \(describe(error))")
        } catch {
            throw SyncRefusal.badRequest("the request body is not valid JSON")
        }
    }

    /// A short description of a decoding error that names the path, never the values.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the top level" : names.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' at \(path(context))"
        case .dataCorrupted(let context): return "invalid data at \(path(context))"
        @unknown default: return "invalid message"
        }
    }

    /// A JSON response, gzip-compressed when the client accepts it and the body is worth compressing.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, request: Request) throws -> Response {
        try json(value, status: status, acceptsGzip: acceptsGzip(request))
    }

    /// Whether the request's client accepts a gzip-compressed answer.
    static func acceptsGzip(_ request: Request) -> Bool {
        request.headers[.acceptEncoding]?.lowercased().contains("gzip") ?? false
    }

    /// `json(_:status:request:)` with the request's `Accept-Encoding` already read: the CPU-bound part, which a caller
    /// may run on another thread.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, acceptsGzip accepts: Bool) throws -> Response {
        var bytes = if let page = value as? PullResponse { WireJSON.encode(page) } else { Array(try encoder.encode(value)) }
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if accepts, bytes.count > WireProtocol.compressionThreshold, let compressed = try? Gzip.compress(bytes) {
            bytes = compressed
            headers[.contentEncoding] = "gzip"
        }
        headers[.contentLength] = String(bytes.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
