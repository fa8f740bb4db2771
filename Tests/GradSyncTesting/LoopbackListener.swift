import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 at a free port, handing each connection it accepts to a handler on a thread of its own:
/// the socket work the test servers (`FaultProxy`, `CannedHTTPServer`) share.
final class LoopbackListener: @unchecked Sendable {
    /// The port it listens on.
    let port: UInt16
    private let descriptor: Int32
    // Guarded by `lock`: whether `stop()` was called, so the accept loop ends instead of retrying.
    private let lock = NSLock()
    private var stopped = false

    /// Binds and listens with room for `backlog` connections waiting to be accepted.
    init(backlog: Int32) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = self.descriptor
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, backlog) == 0 else {
            close(descriptor)
            throw FaultProxyError.cannotListen
        }
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Accepts connections until stopped, each handed to `handle` (which owns and closes it) on a new thread.
    func start(_ handle: @escaping @Sendable (Int32) -> Void) {
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(descriptor, nil, nil)
                if client < 0 {
                    lock.lock()
                    let done = stopped
                    lock.unlock()
                    if done { return }
                    continue
                }
                Thread.detachNewThread { handle(client) }
            }
        }
    }

    /// Stops accepting connections.
    func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        guard !already else { return }
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }
}
