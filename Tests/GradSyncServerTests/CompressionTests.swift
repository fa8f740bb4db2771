import GradSyncCore
import GradSyncStore
import GradSyncSync
import HummingbirdTesting
import Testing

/// gzip both ways, and what a sync with nothing new costs.
@Suite struct CompressionTests {
    @Test(arguments: ServerMode.allCases)
    func gzipRequestBodyIsAccepted(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let body = try Gzip.compress(JSON.bytes(peer.push(peer.changes("AUTO", 1...20))))
        let result = try await node.withClient(mode) { client in
            try await client.post(Endpoint.push.rawValue, bytes: body, token: token, headers: [.contentEncoding: "gzip"])
                .decode(PushResponse.self)
        }
        #expect(result.applied == 20)
        #expect(try node.store.changeCount() == 20)
    }

    @Test(arguments: ServerMode.allCases)
    func largeResponseIsCompressedOnlyWhenTheClientAcceptsGzip(mode: ServerMode) async throws {
        let node = try CentralNode()
        try node.writeGraduates((1...200).map { "2020\($0)" }, in: "AUTO")
        let token = try node.token(department: "AUTO")
        let pull = ForeignReplica().pull(scope: "AUTO")
        try await node.withClient(mode) { client in
            let compressed = try await client.post(.pull, pull, token: token, headers: [.acceptEncoding: "gzip, deflate"])
            #expect(compressed.headers[.contentEncoding] == "gzip")
            #expect(Gzip.isCompressed(compressed.bytes))
            #expect(compressed.headers[.contentLength] == String(compressed.bytes.count))
            let plain = try await client.post(.pull, pull, token: token)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(!Gzip.isCompressed(plain.bytes))
            #expect(compressed.bytes.count < plain.bytes.count / 2)
            #expect(try compressed.decode(PullResponse.self) == plain.decode(PullResponse.self))
            #expect(try plain.decode(PullResponse.self).changes.count == 200)
            // A handshake answer, a few hundred bytes, still shrinks; a tiny answer is not worth compressing.
            let handshake = try await client.post(.handshake, ForeignReplica().handshake(scope: "AUTO"), token: token,
                                                  headers: [.acceptEncoding: "gzip"])
            #expect(handshake.status == .ok)
            #expect(handshake.headers[.contentEncoding] == "gzip")
            let empty = try await client.post(.push, ForeignReplica().push([]), token: token, headers: [.acceptEncoding: "gzip"])
            #expect(empty.status == .ok)
            #expect(empty.bytes.count <= WireProtocol.compressionThreshold)
            #expect(empty.headers[.contentEncoding] == nil)
        }
    }

    /// The bytes of a handshake answer to a replica that already holds everything the node holds in its scope.
    static func quietHandshakeBytes(_ node: CentralNode, scope: String, mode: ServerMode) async throws -> Int {
        let token = try node.token(try ReplicaScope(parsing: scope))
        let filter = try ReplicaScope(parsing: scope)
        let peer = ForeignReplica()
        let request = peer.handshake(scope: scope, vector: try node.store.versionVector(filter: filter), clock: node.clock.now())
        return try await node.withClient(mode) { client in
            let response = try await client.post(.handshake, request, token: token)
            let answer = try response.decode(HandshakeResponse.self)
            #expect(answer.vector == (try await node.store.wireVector(filter: filter)))
            return response.bytes.count
        }
    }

    @Test(arguments: ServerMode.allCases)
    func quietHandshakeGrowsWithStreamsNotWithRecords(mode: ServerMode) async throws {
        var bytes: [Int: (department: Int, central: Int)] = [:]
        for records in [10, 2_000] {
            let node = try CentralNode()
            try node.writeGraduates((1...records).map { "CS\($0)" }, in: "CS")
            try node.writeGraduates(["AUTO1"], in: "AUTO")
            bytes[records] = (try await Self.quietHandshakeBytes(node, scope: "AUTO", mode: mode),
                              try await Self.quietHandshakeBytes(node, scope: "*", mode: mode))
        }
        let small = try #require(bytes[10]), large = try #require(bytes[2_000])
        // A department replica never hears of another department's records.
        #expect(small.department == large.department)
        // The central vector lists one CS stream either way: only the seq's digits differ ("10" against "2000").
        #expect(large.central - small.central == 2)

        // Each further stream costs one vector entry, whatever the records.
        let node = try CentralNode()
        try node.writeGraduates(["CS1"], in: "CS")
        let oneStream = try await Self.quietHandshakeBytes(node, scope: "*", mode: mode)
        let peer = ForeignReplica()
        try node.store.apply(peer.changes("CS", 1...1) + peer.changes("EE", 1...1))
        let threeStreams = try await Self.quietHandshakeBytes(node, scope: "*", mode: mode)
        let tipHash = String(repeating: "0", count: 64)
        let entry = JSON.bytes(WireVectorEntry(origin: peer.id.hex, scope: "CS", seq: 1, hash: tipHash)).count + 1
        #expect(threeStreams - oneStream == 2 * entry)
    }
}
