import GradSyncCore
import GradSyncStore
import GradSyncSync
import HummingbirdTesting
import Testing

/// Versions, endpoints and methods: what a client that speaks the wrong protocol is told.
@Suite struct ProtocolTests {
    @Test(arguments: ServerMode.allCases)
    func unsupportedProtocolVersionIsRefusedOnEveryEndpoint(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(.central)
        let peer = ForeignReplica()
        let handshake = HandshakeRequest(protocolVersion: 2, replicaID: peer.id.hex, scope: "*", vector: [], clockMilliseconds: 0)
        let pull = PullRequest(protocolVersion: 2, replicaID: peer.id.hex, scope: "*", vector: [], limit: nil)
        let push = PushRequest(protocolVersion: 2, replicaID: peer.id.hex, changes: peer.changes("AUTO", 1...2).map { WireChange($0) })
        let before = try node.store.snapshot()
        try await node.withClient(mode) { client in
            for response in [try await client.post(.handshake, handshake, token: token), try await client.post(.pull, pull, token: token),
                             try await client.post(.push, push, token: token)] {
                let refusal = expectRefusal(response, .badRequest, "unsupported_protocol")
                #expect(refusal?.message.contains("2") == true)
            }
        }
        #expect(try node.store.snapshot() == before)
    }

    @Test(arguments: ServerMode.allCases)
    func unknownEndpointIsNotFound(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(.central)
        try await node.withClient(mode) { client in
            expectRefusal(try await client.get("/v1/sync/nothing"), .notFound, "not_found")
            expectRefusal(try await client.get("/v1"), .notFound, "not_found")
            expectRefusal(try await client.post("/v2/sync/push", bytes: Array("{}".utf8), token: token), .notFound, "not_found")
            expectRefusal(try await client.post("/v1/sync/push/2020999", bytes: Array("{}".utf8), token: token), .notFound, "not_found")
        }
    }

    @Test(arguments: ServerMode.allCases, Endpoint.allCases)
    func getOnAPostEndpointIsMethodNotAllowed(mode: ServerMode, endpoint: Endpoint) async throws {
        let node = try CentralNode()
        try await node.withClient(mode) { client in
            let response = try await client.get(endpoint.rawValue)
            expectRefusal(response, .methodNotAllowed, "method_not_allowed")
            #expect(response.headers[.allow] == "POST")
        }
    }

    @Test(arguments: ServerMode.allCases)
    func handshakeNamesTheNodeItsScopeAndItsVector(mode: ServerMode) async throws {
        let node = try CentralNode()
        try node.writeGraduates(["2020001", "2020002"], in: "AUTO")
        let token = try node.token(.central)
        let peer = ForeignReplica()
        let answer = try await node.withClient(mode) { client in
            try await client.post(.handshake, peer.handshake(scope: "*"), token: token).decode(HandshakeResponse.self)
        }
        #expect(answer.protocolVersion == WireProtocol.version)
        #expect(answer.replicaID == node.store.replicaID.hex)
        #expect(answer.scope == "*")
        #expect(answer.sharedScope == "*")
        #expect(answer.vector.map { WireVectorEntry(origin: $0.origin, scope: $0.scope, seq: $0.seq) }
                == [WireVectorEntry(origin: node.store.replicaID.hex, scope: "AUTO", seq: 2)])
        #expect(answer.vector.first?.hash == (try node.store.allChanges().first { $0.id.seq == 2 && $0.id.scope.name == "AUTO" }?.contentHash),
                "each entry carries the hash of its stream's tip")
        #expect(answer.clockMilliseconds == node.clock.now())
        #expect(answer.warnings.isEmpty)
        #expect(answer.acceptsShared)
        let seen = try node.store.health.clientHealth()
        #expect(seen.map(\.replicaID) == [peer.id.hex])
        #expect(seen.first?.lacking == 2)
    }
}
