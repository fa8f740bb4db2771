import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP server that gives every request the same answer and records what arrived: for tests
/// of what a client does with an answer (a redirect, say) and of whether anything reached a listener at all.
///
/// One request per connection (answers carry `Connection: close`); it listens on 127.0.0.1 only.
public final class CannedHTTPServer: @unchecked Sendable {
    /// One request as it arrived.
    public struct Request: Sendable {
        /// The request line, e.g. `POST /v1/sync/handshake HTTP/1.1`.
        public var line: String
        /// The header fields, names lowercased.
        public var headers: [String: String]
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    public private(set) var url = ""
    /// The port it listens on.
    public private(set) var port: UInt16 = 0
    private let listener: LoopbackListener
    private let answer: [UInt8]
    // Guarded by `lock`: the requests so far.
    private let lock = NSLock()
    private var received: [Request] = []

    /// Starts a server answering every request with `status`, `headers` and an empty body.
    public init(status: Int, reason: String, headers: [String: String] = [:]) throws {
        var head = "HTTP/1.1 \(status) \(reason)\r\ncontent-length: 0\r\nconnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        answer = Array((head + "\r\n").utf8)
        listener = try LoopbackListener(backlog: 16)
        port = listener.port
        url = "http://127.0.0.1:\(port)"
        listener.start { [self] client in handle(client) }
    }

    /// The requests that arrived so far, in order.
    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// Stops accepting connections.
    public func stop() {
        listener.stop()
    }

    deinit { stop() }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // Headers are enough to record; the body is read only so the client is not cut off mid-send.
        while FaultProxy.headerEnd(data) == nil {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            data += buffer[0..<count]
        }
        let headerEnd = FaultProxy.headerEnd(data)!
        let lines = String(decoding: data[0..<headerEnd], as: UTF8.self).split(separator: "\r\n").map(String.init)
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        lock.lock()
        received.append(Request(line: lines.first ?? "", headers: headers))
        lock.unlock()
        let length = headers["content-length"].flatMap(Int.init) ?? 0
        while data.count < headerEnd + length {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            data += buffer[0..<count]
        }
        var offset = 0
        while offset < answer.count {
            let sent = answer[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }
}
