import Foundation
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// A replica id is bound to the token that first synced with it: another token cannot speak for it, and a
/// revoked and reissued token can.
struct ReplicaClaimTests {
    /// A department token's id and secret.
    static func issue(_ node: CentralNode, _ department: String) throws -> (id: String, token: String) {
        let issued = try node.store.tokens.issue(scope: .department(try .department(department)), label: department)
        return (issued.info.id, issued.token)
    }

    func health(_ node: CentralNode, _ replica: ForeignReplica) throws -> ClientHealth? {
        try node.store.health.clientHealth().first { $0.replicaID == replica.id.hex }
    }

    @Test(arguments: ServerMode.allCases)
    func anotherTokenCannotHandshakePullOrPushAsABoundReplica(mode: ServerMode) async throws {
        let node = try CentralNode()
        let owner = try Self.issue(node, "AUTO")
        let other = try Self.issue(node, "AUTO")
        let laptop = ForeignReplica()
        try await node.withClient(mode) { client in
            _ = try await client.post(.handshake, laptop.handshake(scope: "AUTO"), token: owner.token).decode(HandshakeResponse.self)
            let before = try #require(try health(node, laptop))
            #expect(before.tokenID == owner.id)
            let stored = try node.store.snapshot()
            node.clock.advance(by: 60_000)
            expectRefusal(try await client.post(.handshake, laptop.handshake(scope: "AUTO"), token: other.token), .forbidden, "replica_claimed")
            expectRefusal(try await client.post(.pull, laptop.pull(scope: "AUTO"), token: other.token), .forbidden, "replica_claimed")
            expectRefusal(try await client.post(.push, laptop.push(laptop.changes("AUTO", 1...2)), token: other.token), .forbidden, "replica_claimed")
            #expect(try health(node, laptop) == before, "the bound replica's health row is never rewritten by another token")
            #expect(try node.store.snapshot() == stored, "a refused push applies nothing")
            #expect(try node.store.tokens.replicaBindings()[laptop.id.hex] == owner.id)
            // The owner goes on syncing.
            _ = try await client.post(.handshake, laptop.handshake(scope: "AUTO"), token: owner.token).decode(HandshakeResponse.self)
            _ = try await client.post(.push, laptop.push(laptop.changes("AUTO", 1...2)), token: owner.token).decode(PushResponse.self)
            #expect(try node.store.changeCount() == 2)
        }
    }

    @Test func aRevokedTokensReplicaMovesToItsReissuedTokenOnly() async throws {
        let node = try CentralNode()
        let first = try Self.issue(node, "AUTO")
        let laptop = ForeignReplica()
        try await node.withClient(.router) { client in
            _ = try await client.post(.handshake, laptop.handshake(scope: "AUTO"), token: first.token).decode(HandshakeResponse.self)
            _ = try await client.post(.push, laptop.push(laptop.changes("AUTO", 1...3)), token: first.token).decode(PushResponse.self)
            try node.store.tokens.revoke(id: first.id)
            // Another department's token may not take the id over, even from a revoked token.
            let elsewhere = try Self.issue(node, "CS")
            expectRefusal(try await client.post(.handshake, laptop.handshake(scope: "CS"), token: elsewhere.token), .forbidden, "replica_claimed")
            // The reissued token of the same department keeps the laptop syncing under its own id, and nothing is lost.
            let reissued = try Self.issue(node, "AUTO")
            let vector = VersionVector([StreamKey(origin: laptop.id, scope: try Scope("AUTO")): 3])
            let answer = try await client.post(.handshake, laptop.handshake(scope: "AUTO", vector: vector), token: reissued.token)
                .decode(HandshakeResponse.self)
            #expect(answer.vector.count == 1)
            _ = try await client.post(.push, laptop.push(laptop.changes("AUTO", 4...5)), token: reissued.token).decode(PushResponse.self)
            #expect(try node.store.changeCount() == 5)
            #expect(try node.store.tokens.replicaBindings()[laptop.id.hex] == reissued.id)
            #expect(try health(node, laptop)?.tokenID == reissued.id)
            // And from then on the id is the reissued token's alone.
            let third = try Self.issue(node, "AUTO")
            expectRefusal(try await client.post(.handshake, laptop.handshake(scope: "AUTO"), token: third.token), .forbidden, "replica_claimed")
        }
    }

    @Test(arguments: ServerMode.allCases)
    func anIDSpelledInUpperCaseIsTheSameReplica(mode: ServerMode) async throws {
        let node = try CentralNode()
        let owner = try Self.issue(node, "AUTO")
        let other = try Self.issue(node, "AUTO")
        let laptop = ForeignReplica()
        var shouted = laptop.handshake(scope: "AUTO")
        shouted.replicaID = laptop.id.hex.uppercased()
        try await node.withClient(mode) { [shouted] client in
            _ = try await client.post(.handshake, laptop.handshake(scope: "AUTO"), token: owner.token).decode(HandshakeResponse.self)
            expectRefusal(try await client.post(.handshake, shouted, token: other.token), .forbidden, "replica_claimed")
        }
        #expect(try node.store.tokens.replicaBindings().keys.sorted() == [laptop.id.hex])
        #expect(try node.store.health.clientHealth().map(\.replicaID) == [laptop.id.hex])
    }

    @Test(arguments: ServerMode.allCases)
    func noClientMaySyncUnderTheNodesOwnID(mode: ServerMode) async throws {
        let node = try CentralNode()
        let department = try Self.issue(node, "AUTO")
        let impostor = ForeignReplica(id: node.store.replicaID)
        _ = try await node.withClient(mode) { client in
            expectRefusal(try await client.post(.handshake, impostor.handshake(scope: "AUTO"), token: department.token), .forbidden, "replica_claimed")
        }
        #expect(try node.store.tokens.replicaBindings().isEmpty)
        #expect(try node.store.health.clientHealth().isEmpty)
    }
}
