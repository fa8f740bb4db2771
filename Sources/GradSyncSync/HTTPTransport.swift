import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts JSON messages to a node with URLSession (libcurl on Linux): gzip both ways, a deadline, and
/// retries with backoff for transient failures only (connection errors, 5xx, 429).
///
/// It follows no redirect: the bearer token goes to the configured remote and nowhere else, and a 3xx
/// answer is a configuration error naming where the remote pointed.
public struct HTTPTransport: Sendable {
    /// The node's base URL.
    public let baseURL: URL
    /// The bearer token.
    let token: String
    /// When the whole sync must end.
    let deadline: ContinuousClock.Instant
    /// How many times a transient failure is retried.
    let retries: Int
    let session: URLSession

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
    static let decoder = JSONDecoder()

    /// A transport to `baseURL` that gives up at `deadline`.
    public init(baseURL: URL, token: String, deadline: ContinuousClock.Instant, retries: Int = 4) {
        self.baseURL = baseURL
        self.token = token
        self.deadline = deadline
        self.retries = retries
        session = URLSession(configuration: Self.sessionConfiguration(), delegate: RedirectRefusal(), delegateQueue: nil)
    }

    /// The configuration of every session a sync opens: ephemeral, and with no URL cache at all. Sync answers are
    /// never cached, and with a cache FoundationNetworking looks each request up on another queue before the
    /// request exists, so cancelling one in that window (a page asked ahead and then dropped, a `--timeout`)
    /// reaches a task the session no longer holds and traps the process ("Trying to access a behaviour for a
    /// task that in not in the registry"). With no cache the request is made at once and a cancel finds it.
    static func sessionConfiguration() -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpAdditionalHeaders = ["User-Agent": "gradsync/1"]
        return configuration
    }

    /// A POST to `path` carrying the bearer token, with a timeout of what is left before the deadline.
    func request(_ path: String) throws(SyncFailure) -> URLRequest {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw .unreachable(code: .timeout, message: "the sync ran past its --timeout") }
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.timeoutInterval = max(1, min(120, Double(remaining.components.seconds)))
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        return request
    }

    /// A request body encoded and, when large, compressed: made once, sent as often as retries need.
    public struct PreparedBody: Sendable {
        let bytes: [UInt8]
        let gzipped: Bool
    }

    /// Encodes (and compresses) `message` for `path`, so a caller can do that work ahead of sending it.
    public func prepare<Request: Encodable>(_ path: String, _ message: Request) throws(SyncFailure) -> PreparedBody {
        let body: [UInt8]
        do {
            // Pages of changes are written by hand: JSONEncoder costs more than the store does.
            if let push = message as? PushRequest {
                body = WireJSON.encode(push)
            } else {
                body = Array(try Self.encoder.encode(message))
            }
        } catch {
            throw .internalError(code: .encodeFailed, message: "could not encode the \(path) request: \(error)")
        }
        if body.count > WireProtocol.compressionThreshold, let compressed = try? Gzip.compress(body) {
            return PreparedBody(bytes: compressed, gzipped: true)
        }
        return PreparedBody(bytes: body, gzipped: false)
    }

    /// Sends `message` to `path` and decodes the answer, retrying transient failures until the deadline.
    public func post<Request: Encodable, Response: Decodable>(_ path: String, _ message: Request, as: Response.Type) async throws(SyncFailure) -> Response {
        try await post(path, prepared: try prepare(path, message), as: Response.self)
    }

    /// Sends a prepared body to `path` and decodes the answer, retrying transient failures until the deadline.
    public func post<Response: Decodable>(_ path: String, prepared body: PreparedBody, as: Response.Type) async throws(SyncFailure) -> Response {
        try await measuredPost(path, prepared: body, as: Response.self).response
    }

    /// Sends `message` like `post`, and also says how many bytes its answer took on the wire (for progress).
    func measuredPost<Request: Encodable, Response: Decodable>(_ path: String, _ message: Request, as: Response.Type) async throws(SyncFailure) -> (response: Response, wireBytes: Int) {
        try await measuredPost(path, prepared: try prepare(path, message), as: Response.self)
    }

    private func measuredPost<Response: Decodable>(_ path: String, prepared body: PreparedBody, as: Response.Type) async throws(SyncFailure) -> (response: Response, wireBytes: Int) {
        var attempt = 0
        while true {
            do {
                return try await send(path, body: body)
            } catch let failure {
                // A cancelled sync (its --timeout) is not retried: the failure is its cancellation.
                guard case .unreachable = failure, attempt < retries, !Task.isCancelled else { throw failure }
                let delay = Duration.milliseconds(250 * (1 << attempt)) + .milliseconds(Int.random(in: 0...100))
                guard ContinuousClock.now + delay < deadline else { throw failure }
                try? await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }

    private func send<Response: Decodable>(_ path: String, body: PreparedBody) async throws(SyncFailure) -> (response: Response, wireBytes: Int) {
        var request = try request(path)
        request.setValue("gzip", forHTTPHeaderField: "Accept-Encoding")
        if body.gzipped { request.setValue("gzip", forHTTPHeaderField: "Content-Encoding") }
        request.httpBody = Data(body.bytes)
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError where error.code == .timedOut {
            throw .unreachable(code: .timeout, message: "\(baseURL.absoluteString) did not answer in time")
        } catch let error as URLError where Self.isCertificateFailure(error) {
            // Not transient: retrying cannot make an untrusted certificate trusted.
            throw .configuration(code: .tlsUntrusted, message: "the TLS certificate of \(baseURL.host ?? "the remote") is not trusted: \(error.localizedDescription); install the university CA in the system trust store (update-ca-certificates)")
        } catch {
            throw .unreachable(code: .connectionFailed, message: "cannot reach \(baseURL.absoluteString): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw .unreachable(code: .badResponse, message: "the remote did not answer with HTTP")
        }
        var bytes = Array(data)
        if Gzip.isCompressed(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, limit: 256 * 1024 * 1024)
            } catch {
                throw .unreachable(code: .badResponse, message: "the remote's gzip body was corrupt: \(error)")
            }
        }
        guard (200..<300).contains(http.statusCode) else {
            if (300..<400).contains(http.statusCode) {
                throw Self.redirectFailure(status: http.statusCode, location: http.value(forHTTPHeaderField: "Location"), from: request.url ?? baseURL)
            }
            throw Self.failure(status: http.statusCode, body: bytes, url: baseURL)
        }
        if Response.self == PullResponse.self, let page = WireJSON.decodePullResponse(bytes) as? Response {
            return (page, data.count)
        }
        do {
            return (try Self.decoder.decode(Response.self, from: Data(bytes)), data.count)
        } catch {
            throw .refused(code: .badResponse, message: "the remote's answer to \(path) is not a valid protocol message: \(error)")
        }
    }

    /// Whether a transport error is a failed certificate check (libcurl reports these as "SSL certificate problem").
    static func isCertificateFailure(_ error: URLError) -> Bool {
        [.serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid]
            .contains(error.code) || error.localizedDescription.contains("SSL certificate problem")
            || error.localizedDescription.contains("certificate verify failed")
    }

    /// The configuration error for a redirect this client did not follow, naming its target (without any user info).
    static func redirectFailure(status: Int, location: String?, from url: URL) -> SyncFailure {
        let target = location.flatMap { URL(string: $0, relativeTo: url) }.map { target in
            guard var components = URLComponents(url: target.absoluteURL, resolvingAgainstBaseURL: false) else { return target.absoluteString }
            if components.user != nil || components.password != nil {
                components.user = "***"
                components.password = nil
            }
            return components.string ?? target.absoluteString
        }
        return .configuration(code: .redirect, message: "\(url.absoluteString) answered HTTP \(status) redirecting to \(target ?? "an unnamed location"); gradsync follows no redirect, so the token goes to the configured remote only: set the remote to the node's own address")
    }

    /// Classifies an HTTP refusal by its status and the remote's machine code.
    static func failure(status: Int, body: [UInt8], url: URL) -> SyncFailure {
        let wire = try? decoder.decode(WireError.self, from: Data(body))
        let code = RefusalCode(rawValue: wire?.error.code ?? "http_\(status)")
        let message = wire.map { "the remote refused: \($0.error.message)" } ?? "the remote answered HTTP \(status)"
        switch status {
        case 401, 403: return .unauthorized(code: code, message: message)
        case 404, 405: return .configuration(code: code, message: "\(url.absoluteString) does not look like a GradSync node (HTTP \(status))")
        case 408, 429, 500...599: return .unreachable(code: code, message: message)
        default: return .refused(code: code, message: message)
        }
    }
}
