import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP proxy that breaks requests on purpose: drops connections mid-request and
/// mid-response, truncates bodies, stalls, or answers 5xx, one fault per request as scheduled.
///
/// It handles one request per connection (answers carry `Connection: close`), so every request a
/// client makes meets the next fault in the schedule. Traffic goes only to the loopback target.
///
/// The node's answers do not say `Connection: close` (the proxy asked the node to close, not the client), so
/// the proxy adds it to every answer it forwards. Without it a client keeps the connection for its next request
/// and races the proxy's close: libcurl (URLSession on Linux) sends the request on the closing connection, is
/// reset, and sends it again on a new one, but FoundationNetworking cannot rewind an `httpBody`, so the second
/// copy goes out as headers with no body; the proxy then waits for a body that never comes, and the client for
/// an answer, until its request timeout (what was left of a 60 s `--timeout`, so ~57 s).
public final class FaultProxy: @unchecked Sendable {
    /// What the proxy does to one request.
    public enum Fault: Sendable, Equatable {
        /// Forward it and its answer untouched.
        case pass
        /// Close the connection after reading part of the request; the node never sees it.
        case dropRequest
        /// Forward the request, then close before sending any of the answer.
        case dropResponse
        /// Forward the request, then send the answer's headers and half its body, then close.
        case truncateResponse
        /// Read the request and never answer.
        case stall
        /// Answer 503 without forwarding.
        case serviceUnavailable
    }

    /// The proxy's base URL, e.g. `http://127.0.0.1:40123`.
    public private(set) var url = ""
    private let targetPort: UInt16
    private let listener: LoopbackListener
    // Guarded by `lock`: the remaining schedule and what was applied.
    private let lock = NSLock()
    private var schedule: [Fault]
    private var applied: [Fault] = []

    /// Starts a proxy in front of `target` (an `http://127.0.0.1:PORT` URL) applying `schedule` in order, then `.pass`.
    public init(target: String, schedule: [Fault]) throws {
        guard let port = URL(string: target)?.port else { throw FaultProxyError.badTarget(target) }
        targetPort = UInt16(port)
        self.schedule = schedule
        listener = try LoopbackListener(backlog: 64)
        url = "http://127.0.0.1:\(listener.port)"
        listener.start { [self] client in handle(client) }
    }

    /// The faults applied so far, in order.
    public var appliedFaults: [Fault] {
        lock.lock()
        defer { lock.unlock() }
        return applied
    }

    /// Replaces the remaining schedule.
    public func setSchedule(_ faults: [Fault]) {
        lock.lock()
        schedule = faults
        lock.unlock()
    }

    /// Stops accepting connections.
    public func stop() {
        listener.stop()
    }

    deinit { stop() }

    private func nextFault() -> Fault {
        lock.lock()
        defer { lock.unlock() }
        let fault = schedule.isEmpty ? .pass : schedule.removeFirst()
        applied.append(fault)
        return fault
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        let fault = nextFault()
        if fault == .dropRequest {
            _ = readSome(client, 16)
            return
        }
        guard let request = readMessage(client) else { return }
        switch fault {
        case .stall:
            var byte: UInt8 = 0
            _ = recv(client, &byte, 1, 0)
            return
        case .serviceUnavailable:
            sendAll(client, Array("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".utf8))
            return
        default:
            break
        }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(upstream) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = targetPort.bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return }
        sendAll(upstream, Self.withConnectionClose(request))
        guard let answer = readMessage(upstream) else { return }
        let response = Self.withConnectionClose(answer)
        switch fault {
        case .dropResponse:
            return
        case .truncateResponse:
            let headerEnd = Self.headerEnd(response) ?? response.count
            let bodyLength = response.count - headerEnd
            sendAll(client, Array(response[0..<(headerEnd + bodyLength / 2)]))
        default:
            sendAll(client, response)
        }
    }

    /// Reads one HTTP message (headers, then a Content-Length body).
    private func readMessage(_ descriptor: Int32) -> [UInt8]? {
        var data: [UInt8] = []
        while Self.headerEnd(data) == nil {
            guard let chunk = readSome(descriptor, 65_536), !chunk.isEmpty else { return nil }
            data += chunk
        }
        let headerEnd = Self.headerEnd(data)!
        let headers = String(decoding: data[0..<headerEnd], as: UTF8.self).lowercased()
        let length = headers.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        while data.count < headerEnd + length {
            guard let chunk = readSome(descriptor, 65_536), !chunk.isEmpty else { return nil }
            data += chunk
        }
        return data
    }

    private func readSome(_ descriptor: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        let received = recv(descriptor, &buffer, count, 0)
        return received > 0 ? Array(buffer[0..<received]) : nil
    }

    private func sendAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    static func headerEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for index in 0...(data.count - 4) where data[index] == 13 && data[index + 1] == 10 && data[index + 2] == 13 && data[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// The message with `Connection: close`: a request, so the node closes after answering; an answer, so the
    /// client does not send another request on a connection the proxy is closing.
    static func withConnectionClose(_ message: [UInt8]) -> [UInt8] {
        guard let end = headerEnd(message) else { return message }
        let head = String(decoding: message[0..<(end - 2)], as: UTF8.self)
            .split(separator: "\r\n", omittingEmptySubsequences: false)
            .filter { !$0.lowercased().hasPrefix("connection:") }
            .joined(separator: "\r\n")
        return Array((head + "connection: close\r\n\r\n").utf8) + message[end...]
    }
}

/// Why a proxy could not start.
public enum FaultProxyError: Error {
    case badTarget(String)
    case cannotListen
}
