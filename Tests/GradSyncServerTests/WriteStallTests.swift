import Foundation
import GradSyncServer
import GradSyncTesting
import Testing

/// The node closes a connection whose client stopped reading its answer, never one that reads slowly but keeps
/// reading, stays reachable while answers nobody reads fill its cap, and closes a connection pipelining too deep.
///
/// A large answer is a department's pull page of about 4 MB (the page byte budget), asked for without gzip. The
/// kernel takes up to about 3 MB of an answer on loopback whatever the client does, so a client asks for two pages
/// at once, through a small receive buffer: the rest of them waits in the node.
@Suite(.serialized) struct WriteStallTests {
    /// A node whose department AUTO holds more than a page's byte budget, and a token of that department.
    static func nodeWithLargePage() throws -> (node: CentralNode, token: String) {
        let node = try CentralNode()
        try node.writeGraduates((100..<200).map { "2020\($0)" }, in: "AUTO", value: String(repeating: "x", count: 50_000))
        return (node, try node.token(department: "AUTO"))
    }

    /// `count` pull requests of AUTO's first page, pipelined; with `closing`, the last asks the node to close once
    /// it is answered.
    static func pulls(_ count: Int, token: String, closing: Bool) -> String {
        let body = String(decoding: JSON.bytes(ForeignReplica().pull(scope: "AUTO")), as: UTF8.self)
        return (1...count).map { index in
            "POST /v1/sync/pull HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
                + (closing && index == count ? "Connection: close\r\n" : "") + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
        }.joined()
    }

    /// A connection that asked for two pages and reads nothing, once the first answer has begun to arrive.
    static func stalledReader(port: Int, token: String) -> LoopbackSocket? {
        guard let socket = LoopbackSocket(port: port, receiveBuffer: 4096), socket.send(pulls(2, token: token, closing: false)) else { return nil }
        return socket
    }

    /// The complete HTTP answers at the start of `bytes`, each framed by its Content-Length.
    static func completeAnswers(in bytes: [UInt8]) -> [String] {
        var answers: [String] = []
        var rest = bytes[...]
        let blank: [UInt8] = Array("\r\n\r\n".utf8)
        while let end = rest.indices.first(where: { rest[$0...].starts(with: blank) }) {
            let head = String(decoding: rest[..<end], as: UTF8.self)
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }
            guard let length, rest.distance(from: end + blank.count, to: rest.endIndex) >= length else { break }
            answers.append(head.split(separator: "\r\n").first.map(String.init) ?? "")
            rest = rest[(end + blank.count + length)...]
        }
        return answers
    }

    @Test func clientThatStopsReadingIsDisconnectedAfterTheWriteStallTimeout() async throws {
        let (node, token) = try Self.nodeWithLargePage()
        let limits = ConnectionLimits(idleTimeout: .seconds(30), writeStallTimeout: .seconds(1))
        let seen = try await ConnectionLimitTests.serving(limits, node: node) { port -> (began: Bool, closed: Bool, answers: Int) in
            guard let socket = Self.stalledReader(port: port, token: token) else { return (false, false, 0) }
            let began = socket.readable(within: 10)
            Thread.sleep(forTimeInterval: 3)
            // Now read as fast as possible: what the kernel still holds arrives, then the close.
            var received: [UInt8] = []
            let started = Date()
            while Date().timeIntervalSince(started) < 10 {
                guard let bytes = socket.receive(upTo: 65_536, within: 0.5) else { return (began, true, Self.completeAnswers(in: received).count) }
                received += bytes
            }
            return (began, false, Self.completeAnswers(in: received).count)
        }
        #expect(seen.began, "the node never began to answer")
        #expect(seen.closed, "a connection whose client read nothing for 3 s was still open")
        #expect(seen.answers < 2, "the node kept the answers of a client that read nothing for 3 s")
    }

    @Test func clientThatReadsSlowlyButSteadilyIsNeverDisconnected() async throws {
        let (node, token) = try Self.nodeWithLargePage()
        let limits = ConnectionLimits(idleTimeout: .seconds(30), writeStallTimeout: .seconds(1))
        let seen = try await ConnectionLimitTests.serving(limits, node: node) { port -> (answers: [String], seconds: Double) in
            let started = Date()
            guard let socket = LoopbackSocket(port: port, receiveBuffer: 32_768), socket.send(Self.pulls(2, token: token, closing: true)) else {
                return ([], 0)
            }
            // 16 KB every 10 ms at most: the two answers take several stall timeouts (the second waits in the node,
            // unwritable, for seconds), and each slice of them far less than one.
            var received: [UInt8] = []
            while Date().timeIntervalSince(started) < 20, let bytes = socket.receive(upTo: 16_384, within: 2) {
                received += bytes
                Thread.sleep(forTimeInterval: 0.01)
            }
            return (Self.completeAnswers(in: received), Date().timeIntervalSince(started))
        }
        #expect(seen.answers == ["HTTP/1.1 200 OK", "HTTP/1.1 200 OK"], "after \(seen.seconds) s")
        #expect(seen.seconds > 2, "the answers were read too fast to outlast the stall timeout")
    }

    @Test func nodeAnswersHealthWhileItsCapIsFilledByAnswersNobodyReads() async throws {
        let (node, token) = try Self.nodeWithLargePage()
        // The stall timeout is long: room must come from the eviction order, not from the timeout.
        let limits = ConnectionLimits(idleTimeout: .seconds(30), writeStallTimeout: .seconds(30), maxConnections: 4)
        let answer = try await ConnectionLimitTests.serving(limits, node: node) { port -> String? in
            // One more than the cap: the first past it is let in, and then accepting waits for a slot.
            let stalled = (0..<5).compactMap { _ in
                defer { Thread.sleep(forTimeInterval: 0.3) }
                return Self.stalledReader(port: port, token: token)
            }
            guard stalled.count == 5 else { return "only \(stalled.count) stalled connections" }
            let health = LoopbackSocket.get("/healthz", port: port, within: 8)
            // Closed, and given a moment, before the node stops: a server stopped while it still writes an answer
            // to a connection traps in NIO ("Deinited NIOAsyncWriter without calling finish()").
            stalled.forEach { $0.close() }
            Thread.sleep(forTimeInterval: 1)
            return health
        }
        #expect(answer?.hasPrefix("HTTP/1.1 200") == true, "\(answer ?? "no answer within 8 s")")
    }

    @Test func pipeliningMoreThanSixteenRequestsClosesTheConnection() async throws {
        let request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        let seen = try await ConnectionLimitTests.serving(ConnectionLimits(idleTimeout: .seconds(30))) { port in
            let sixteen = LoopbackSocket(port: port)?.exchange(String(repeating: request, count: 15)
                                                                + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", within: 5)
            let deep = LoopbackSocket(port: port)
            deep?.send(String(repeating: request, count: 40))
            return (sixteen, deep?.closedByPeer(within: 5))
        }
        #expect(seen.0?.components(separatedBy: "HTTP/1.1 200 OK").count == 17, "sixteen pipelined requests are all answered")
        #expect(seen.1 == true, "forty pipelined requests left the connection open")
    }
}
