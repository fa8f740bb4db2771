import BenchSupport
import Foundation
import GradSyncSync
#if canImport(Glibc)
import Glibc
#endif

/// What crossed the proxy: HTTP messages and their bytes, as sent (gzip) and as decoded.
struct Traffic: Sendable, Codable {
    /// Requests sent: each is one round trip.
    var requests = 0
    /// Bytes on the wire, headers included, each way.
    var requestBytes = 0
    var responseBytes = 0
    /// The same, with every gzip body counted at its decoded size: the bytes without compression.
    var requestBytesUncompressed = 0
    var responseBytesUncompressed = 0

    var totalBytes: Int { requestBytes + responseBytes }
    var totalBytesUncompressed: Int { requestBytesUncompressed + responseBytesUncompressed }
}

/// A loopback TCP proxy in front of the node that counts every byte and every HTTP message, so the
/// figures are those of the real requests and responses, not of a re-encoding.
final class CountingProxy: @unchecked Sendable {
    // `traffic` is guarded by `lock`; the rest is set in init and only read afterwards.
    private let lock = NSLock()
    private var traffic = Traffic()
    private let listener: Int32
    private let targetPort: UInt16
    /// The port clients connect to.
    let port: Int

    init(targetPort: Int) throws {
        self.targetPort = UInt16(targetPort)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw BenchError("the proxy cannot listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// The traffic since the last reset.
    func snapshot() -> Traffic { lock.withLock { traffic } }

    func reset() { lock.withLock { traffic = Traffic() } }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { if errno == EINTR { continue } else { return } }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(client); close(server); continue }
            let connection = Connection(client: client, server: server)
            Thread.detachNewThread { [self] in pump(from: client, to: server, parser: HTTPMessageCounter(isRequest: true), connection) }
            Thread.detachNewThread { [self] in pump(from: server, to: client, parser: HTTPMessageCounter(isRequest: false), connection) }
        }
    }

    private func pump(from source: Int32, to destination: Int32, parser: HTTPMessageCounter, _ connection: Connection) {
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var parser = parser
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes { send(destination, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { break }
                sent += written
            }
            let finished = parser.feed(buffer[0..<count])
            lock.withLock {
                if parser.isRequest {
                    traffic.requestBytes += count
                    traffic.requests += finished.messages
                    traffic.requestBytesUncompressed += finished.uncompressedBytes
                } else {
                    traffic.responseBytes += count
                    traffic.responseBytesUncompressed += finished.uncompressedBytes
                }
            }
            if sent < count { break }
        }
        shutdown(destination, Int32(SHUT_WR))
        connection.finishOne()
    }

    /// Closes both sockets once both directions have ended.
    final class Connection: @unchecked Sendable {
        // `open` is guarded by `lock`.
        private let lock = NSLock()
        private var open = 2
        let client: Int32
        let server: Int32

        init(client: Int32, server: Int32) {
            self.client = client
            self.server = server
        }

        func finishOne() {
            let last = lock.withLock { open -= 1; return open == 0 }
            if last {
                close(client)
                close(server)
            }
        }
    }
}

/// Follows HTTP/1.1 messages in one direction of a connection (Content-Length bodies; 1xx interim answers),
/// counting each message's bytes as they would be without gzip.
struct HTTPMessageCounter {
    let isRequest: Bool
    private var header: [UInt8] = []
    private var body: [UInt8] = []
    private var remaining = 0
    private var isGzip = false
    private var inBody = false

    init(isRequest: Bool) { self.isRequest = isRequest }

    /// Consumes bytes; returns the messages completed and the bytes they count for without compression.
    mutating func feed(_ bytes: ArraySlice<UInt8>) -> (messages: Int, uncompressedBytes: Int) {
        var messages = 0
        var uncompressed = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if inBody {
                let take = min(remaining, bytes.endIndex - index)
                if isGzip { body += bytes[index..<(index + take)] } else { uncompressed += take }
                index += take
                remaining -= take
                if remaining == 0 {
                    inBody = false
                    if isGzip {
                        uncompressed += (try? Gzip.decompress(body, limit: 1 << 30).count) ?? body.count
                        body = []
                    }
                }
                continue
            }
            header.append(bytes[index])
            index += 1
            guard header.count >= 4, header[header.count - 4..<header.count].elementsEqual([13, 10, 13, 10]) else { continue }
            let text = String(decoding: header, as: UTF8.self).lowercased()
            header = []
            let lines = text.split(separator: "\r\n")
            let isInterim = !isRequest && (lines.first?.split(separator: " ").dropFirst().first?.hasPrefix("1") ?? false)
            let length = lines.first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            isGzip = lines.contains { $0.hasPrefix("content-encoding:") && $0.contains("gzip") }
            uncompressed += text.utf8.count - (isGzip ? "content-encoding: gzip\r\n".count : 0)
            if !isInterim { messages += 1 }
            if length > 0, !isInterim {
                inBody = true
                remaining = length
            }
        }
        return (messages, uncompressed)
    }
}
