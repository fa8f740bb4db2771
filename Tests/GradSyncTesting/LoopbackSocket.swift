#if canImport(Glibc)
import Glibc

private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.send(fd, bytes, count, Int32(MSG_NOSIGNAL))  // a closed peer is an error, never SIGPIPE
}
#elseif canImport(Darwin)
import Darwin

private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    Darwin.send(fd, bytes, count, 0)  // SO_NOSIGPIPE, set at connect, keeps a closed peer from raising SIGPIPE
}
#endif
import Foundation

/// A raw TCP connection to a port on 127.0.0.1, for tests that hold connections open, send a request a byte at a
/// time, or watch the node close them. Closed when released.
public final class LoopbackSocket: @unchecked Sendable {
    // `descriptor` is set once in init and closed once in `close()`/deinit; each socket is used from one task at a time.
    private var descriptor: Int32

    /// Connects to `127.0.0.1:port` within `seconds`; nil when the connection fails or is not accepted in time.
    /// A `receiveBuffer` (bytes) shrinks the socket's receive buffer, and so the window the node may fill, before
    /// connecting: a client that stops reading then holds back the node's answer after a few kilobytes.
    public init?(port: Int, within seconds: Double = 2, receiveBuffer: Int? = nil) {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        descriptor = fd
        #if canImport(Darwin)
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        if var size = receiveBuffer.map(Int32.init) {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        // Non-blocking while connecting, so a node that stopped accepting fails the connect in time instead of
        // leaving it to the kernel's retries (minutes).
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let started = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if started != 0 {
            guard errno == EINPROGRESS else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard poll(&poller, 1, Int32(seconds * 1000)) == 1, getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length) == 0,
                  failure == 0 else { return nil }
        }
        _ = fcntl(fd, F_SETFL, flags)
    }

    deinit { close() }

    /// Closes the connection (once).
    public func close() {
        if descriptor >= 0 { _ = systemClose(descriptor) }
        descriptor = -1
    }

    /// Sends `text`; false when the peer has closed the connection.
    @discardableResult
    public func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard descriptor >= 0 else { return false }
        let sent = bytes.withUnsafeBytes { systemSend(descriptor, $0.baseAddress, $0.count) }
        return sent == bytes.count
    }

    /// Whether the peer closed the connection within `seconds` (it sent nothing, or nothing but what is unread).
    public func closedByPeer(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            guard descriptor >= 0 else { return true }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(0, min(100, deadline.timeIntervalSinceNow * 1000))))
            if ready > 0 {
                var byte: UInt8 = 0
                let read = recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
                if read == 0 || (read < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return true }
                // Data waiting: drain it and keep watching.
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            }
        } while Date() < deadline
        return false
    }

    /// Whether bytes arrive (or the peer closes) within `seconds`; leaves them unread.
    public func readable(within seconds: Double) -> Bool {
        guard descriptor >= 0 else { return false }
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, Int32(seconds * 1000)) > 0
    }

    /// Reads at most `count` bytes, waiting up to `seconds` for any: what arrived (nothing, when nothing came in
    /// time), or nil once the peer has closed or reset the connection.
    public func receive(upTo count: Int, within seconds: Double) -> [UInt8]? {
        guard descriptor >= 0 else { return nil }
        guard readable(within: seconds) else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        let read = recv(descriptor, &buffer, count, Int32(MSG_DONTWAIT))
        if read > 0 { return Array(buffer[0..<read]) }
        return read < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? [] : nil
    }

    /// Sends `request` and reads the answer until the peer closes or `seconds` pass; nil on a timeout or a failure.
    public func exchange(_ request: String, within seconds: Double) -> String? {
        guard send(request) else { return nil }
        let deadline = Date().addingTimeInterval(seconds)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { return nil }
            let read = recv(descriptor, &buffer, buffer.count, 0)
            if read == 0 { return String(decoding: received, as: UTF8.self) }
            guard read > 0 else { return nil }
            received += buffer[0..<read]
        }
    }

    /// A `GET path` with `Connection: close`, answered within `seconds`; nil when it could not connect or timed out.
    public static func get(_ path: String, port: Int, within seconds: Double) -> String? {
        guard let socket = LoopbackSocket(port: port) else { return nil }
        return socket.exchange("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n", within: seconds)
    }

    /// Raises this process's soft open-file limit toward `wanted` (never past the hard limit); returns the limit now.
    public static func raiseOpenFileLimit(to wanted: Int) -> Int {
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 0 }
        if limit.rlim_cur < rlim_t(wanted) {
            var raised = limit
            raised.rlim_cur = min(limit.rlim_max, rlim_t(wanted))
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Int(min(limit.rlim_cur, rlim_t(Int32.max)))
    }
}
