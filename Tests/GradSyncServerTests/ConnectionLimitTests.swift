import Dispatch
import Foundation
import GradSyncServer
import GradSyncTesting
import Testing

/// The node closes silent and slow connections, and past its cap the one idle longest, as `gradsync serve` runs it.
///
/// Each test runs `SyncServer.run` in-process on a free loopback port with short limits. The socket work blocks,
/// so it runs on a dispatch queue, never on the cooperative pool the node's handlers need.
@Suite(.serialized) struct ConnectionLimitTests {
    static let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"

    /// Runs `body` with the port of `node` (a fresh one by default) serving with `limits`, then stops the node and
    /// returns what `body` saw (expectations are checked afterwards, in the test's own task).
    static func serving<T: Sendable>(_ limits: ConnectionLimits, node: CentralNode? = nil,
                                     _ body: @escaping @Sendable (Int) -> T) async throws -> T {
        let node = try node ?? CentralNode()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task {
            try await node.server.run(host: "127.0.0.1", port: 0, tls: nil, limits: limits, stopsOnSignals: false) { continuation.yield($0) }
        }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let seen = await withCheckedContinuation { (done: CheckedContinuation<T, Never>) in
            DispatchQueue.global().async { done.resume(returning: body(port)) }
        }
        server.cancel()
        _ = await server.result
        return seen
    }

    /// Sends `first`, then one byte every 100 ms for up to 10 s; whether the node closed the connection meanwhile.
    static func trickle(port: Int, first: String, byte: String) -> Bool {
        guard let slow = LoopbackSocket(port: port), slow.send(first) else { return false }
        let started = Date()
        while Date().timeIntervalSince(started) < 10 {
            if !slow.send(byte) || slow.closedByPeer(within: 0.1) { return true }
        }
        return false
    }

    @Test func pastTheCapTheConnectionIdleLongestIsClosedFirst() async throws {
        let seen = try await Self.serving(ConnectionLimits(idleTimeout: .seconds(30), maxConnections: 4)) { port in
            let idle = (0..<4).compactMap { _ in
                defer { Thread.sleep(forTimeInterval: 0.1) }
                return LoopbackSocket(port: port)
            }
            // A fifth connection makes room by closing the first, and is answered.
            let answer = LoopbackSocket.get("/healthz", port: port, within: 5)
            let oldestClosed = idle.first?.closedByPeer(within: 3) ?? false
            let youngerClosed = idle.dropFirst().map { $0.closedByPeer(within: 0.2) }
            let kept = idle.last?.exchange(Self.request + "Connection: close\r\n\r\n", within: 5)
            return (idle.count, answer, oldestClosed, youngerClosed, kept)
        }
        #expect(seen.0 == 4)
        #expect(seen.1?.hasPrefix("HTTP/1.1 200") == true, "\(seen.1 ?? "no answer")")
        #expect(seen.2, "the connection idle longest is closed")
        #expect(seen.3 == [false, false, false], "younger idle connections stay open")
        #expect(seen.4?.hasPrefix("HTTP/1.1 200") == true, "a connection kept open still works")
    }

    @Test func silentConnectionIsClosedAfterTheIdleTimeout() async throws {
        let closed = try await Self.serving(ConnectionLimits(idleTimeout: .seconds(1), headerTimeout: .seconds(30))) { port in
            LoopbackSocket(port: port)?.closedByPeer(within: 10) ?? false
        }
        #expect(closed)
    }

    @Test func headTrickledAByteAtATimeIsClosedAfterTheHeaderTimeout() async throws {
        let seen = try await Self.serving(ConnectionLimits(idleTimeout: .seconds(30), headerTimeout: .seconds(1))) { port in
            let silent = LoopbackSocket(port: port)
            // One byte every 100 ms would keep a per-read timeout from ever firing; the head's deadline still does.
            let closed = Self.trickle(port: port, first: Self.request, byte: "X")
            return (closed, silent?.closedByPeer(within: 0.1))
        }
        #expect(seen.0, "a head trickled for 10 s was never closed")
        #expect(seen.1 == false, "the head's deadline starts at its first byte, not at connect")
    }

    @Test func bodyTrickledAByteAtATimeIsClosedAfterTheBodyTimeout() async throws {
        let limits = ConnectionLimits(idleTimeout: .seconds(30), headerTimeout: .seconds(30), bodyTimeout: .seconds(1))
        let closed = try await Self.serving(limits) { port in
            Self.trickle(port: port, first: "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                             + "Content-Length: 1000\r\n\r\n", byte: "t")
        }
        #expect(closed, "a body trickled for 10 s was never closed")
    }

    @Test func limitsFitTheOpenFileLimit() {
        let asked = ConnectionLimits(maxConnections: 1024)
        #expect(asked.fitting(descriptorLimit: 1 << 20).maxConnections == 1024)
        #expect(asked.fitting(descriptorLimit: 1024).maxConnections == 1024 - ConnectionLimits.reservedDescriptors)
        #expect(asked.fitting(descriptorLimit: 10).maxConnections == 1)
    }
}
