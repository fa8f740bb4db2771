import Foundation
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// Replica keys at the node: the handshake's proof of possession, the binding of an id to its key, and the node's
/// own stream, which only the node writes.
struct ReplicaKeyTests {
    static func issue(_ node: CentralNode, _ department: String) throws -> (id: String, token: String) {
        let issued = try node.store.tokens.issue(scope: .department(try .department(department)), label: "\(department) laptop")
        return (issued.info.id, issued.token)
    }

    /// `replica`'s handshake signed with `key` for the token `tokenID`.
    static func signed(_ replica: ForeignReplica, scope: String, key: ReplicaKey, tokenID: String, clock: UInt64? = nil) -> HandshakeRequest {
        var request = replica.handshake(scope: scope, clock: clock)
        HandshakeSignature.sign(&request, with: key, tokenID: tokenID)
        return request
    }

    @Test func aSignedHandshakeBindsTheKeyAndABadSignatureIsRefused() async throws {
        let node = try CentralNode()
        let token = try Self.issue(node, "AUTO")
        let laptop = ForeignReplica()
        let key = ReplicaKey.generate()
        try await node.withClient(.router) { client in
            // Tampered after signing: the scope, the clock, the token the signature names, the signature itself.
            var otherScope = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id)
            otherScope.vector = [WireVectorEntry(origin: laptop.id.hex, scope: "AUTO", seq: 3)]
            var laterClock = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id)
            laterClock.clockMilliseconds += 1
            let otherToken = Self.signed(laptop, scope: "AUTO", key: key, tokenID: "0123456789abcdef")
            var flipped = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id)
            flipped.signature = String(flipped.signature!.reversed())
            var byAnotherKey = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id)
            byAnotherKey.publicKey = ReplicaKey.generate().publicKeyHex
            for request in [otherScope, laterClock, otherToken, flipped, byAnotherKey] {
                let refusal = expectRefusal(try await client.post(.handshake, request, token: token.token), .unauthorized, "bad_signature")
                #expect(refusal?.message.contains("signature does not verify") == true)
            }
            var keyOnly = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id)
            keyOnly.signature = nil
            expectRefusal(try await client.post(.handshake, keyOnly, token: token.token), .badRequest, "bad_request")
            var notAKey = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id)
            notAKey.publicKey = "zz"
            expectRefusal(try await client.post(.handshake, notAKey, token: token.token), .badRequest, "bad_request")
            // The signature's form, as the public key's: 128 lowercase hex digits.
            var upperCase = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id)
            upperCase.signature = upperCase.signature!.uppercased()
            expectRefusal(try await client.post(.handshake, upperCase, token: token.token), .badRequest, "bad_request")
            // A vector hash that could run into the signed text's next line (or read as "no hash"), signed as sent.
            for hash in ["-", "", String(repeating: "a", count: 64) + "\n" + laptop.id.hex + " AUTO 2 -"] {
                var request = laptop.handshake(scope: "AUTO")
                request.vector = [WireVectorEntry(origin: laptop.id.hex, scope: "AUTO", seq: 1, hash: hash)]
                HandshakeSignature.sign(&request, with: key, tokenID: token.id)
                let refusal = expectRefusal(try await client.post(.handshake, request, token: token.token), .badRequest, "bad_request")
                #expect(refusal?.message.contains("64 hex digits or absent") == true, "\(String(describing: refusal?.message))")
            }
            #expect(try node.store.tokens.replicaKeys().isEmpty, "a refused handshake binds nothing")
            #expect(try node.store.tokens.replicaBindings().isEmpty)
            #expect(try node.store.health.clientHealth().isEmpty)

            _ = try await client.post(.handshake, Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id), token: token.token)
                .decode(HandshakeResponse.self)
            let bound = try #require(try node.store.tokens.replicaKeys()[laptop.id.hex])
            #expect(bound.publicKey == key.publicKeyHex && bound.scope == "AUTO" && bound.tokenID == token.id && bound.tokenLabel == "AUTO laptop")
            #expect(bound.fingerprint == key.fingerprint)
            // Later handshakes note the time at most once a minute (no write lock for a sync with nothing new).
            for (step, moves) in [(30_000, false), (31_000, true)] {
                node.clock.advance(by: Int64(step))
                let again = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id, clock: node.clock.now())
                _ = try await client.post(.handshake, again, token: token.token).decode(HandshakeResponse.self)
                let noted = try #require(try node.store.tokens.replicaKeys()[laptop.id.hex]).lastVerifiedMilliseconds
                #expect((noted == node.clock.now()) == moves && noted >= bound.lastVerifiedMilliseconds)
            }
        }
    }

    @Test func aSignatureOutsideTheClockWindowIsRefused() async throws {
        let node = try CentralNode()
        let token = try Self.issue(node, "AUTO")
        let laptop = ForeignReplica(milliseconds: node.clock.now())
        let key = ReplicaKey.generate()
        try await node.withClient(.router) { client in
            let stale = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id)
            node.clock.advance(by: Int64(WireProtocol.handshakeSignatureWindowMilliseconds) + 1)
            let refusal = expectRefusal(try await client.post(.handshake, stale, token: token.token), .unauthorized, "bad_signature")
            #expect(refusal?.message.contains("fix the system clock") == true)
            #expect(try node.store.tokens.replicaKeys().isEmpty)
            // A clock a few hours off is within the window: it is only warned of.
            let hoursOff = Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id, clock: node.clock.now() - 3 * 3_600_000)
            let answer = try await client.post(.handshake, hoursOff, token: token.token).decode(HandshakeResponse.self)
            #expect(answer.warnings.map(\.code) == ["clock_suspect"])
        }
    }

    @Test func anUnsignedHandshakeIsAcceptedForAnUnkeyedReplicaAndRefusedForAKeyedOne() async throws {
        let node = try CentralNode()
        let token = try Self.issue(node, "AUTO")
        let laptop = ForeignReplica()
        let key = ReplicaKey.generate()
        try await node.withClient(.router) { client in
            _ = try await client.post(.handshake, laptop.handshake(scope: "AUTO"), token: token.token).decode(HandshakeResponse.self)
            _ = try await client.post(.push, laptop.push(laptop.changes("AUTO", 1...2)), token: token.token).decode(PushResponse.self)
            #expect(try node.store.tokens.replicaKeys().isEmpty, "an unsigned handshake binds no key")
            // The same replica, upgraded, signs: its key is bound now.
            _ = try await client.post(.handshake, Self.signed(laptop, scope: "AUTO", key: key, tokenID: token.id), token: token.token)
                .decode(HandshakeResponse.self)
            #expect(try node.store.tokens.replicaKeys()[laptop.id.hex]?.publicKey == key.publicKeyHex)
            let before = try node.store.health.clientHealth()
            node.clock.advance(by: 60_000)
            let refusal = expectRefusal(try await client.post(.handshake, laptop.handshake(scope: "AUTO"), token: token.token),
                                        .forbidden, "replica_key_mismatch")
            #expect(refusal?.message.contains(key.fingerprint) == true)
            #expect(try node.store.health.clientHealth() == before, "a refused handshake rewrites no health row")
        }
    }

    @Test func anotherKeyOrAnotherScopeIsRefusedForABoundReplica() async throws {
        let node = try CentralNode()
        let first = try Self.issue(node, "AUTO")
        let laptop = ForeignReplica()
        let key = ReplicaKey.generate()
        try await node.withClient(.router) { client in
            _ = try await client.post(.handshake, Self.signed(laptop, scope: "AUTO", key: key, tokenID: first.id), token: first.token)
                .decode(HandshakeResponse.self)
            let impostor = ReplicaKey.generate()
            let refusal = expectRefusal(try await client.post(.handshake, Self.signed(laptop, scope: "AUTO", key: impostor, tokenID: first.id),
                                                              token: first.token), .forbidden, "replica_key_mismatch")
            #expect(refusal?.message.contains(key.fingerprint) == true && refusal?.message.contains(impostor.fingerprint) == true)
            // The token is revoked; a token of another department may not carry the id over even with the right key
            // (the token binding refuses it first), and the key binding says the same of a central token.
            try node.store.tokens.revoke(id: first.id)
            let central = try node.store.tokens.issue(scope: .central, label: "office")
            expectRefusal(try await client.post(.handshake, Self.signed(laptop, scope: "AUTO", key: key, tokenID: central.info.id),
                                                token: central.token), .forbidden, "replica_key_mismatch")
            // A reissued token of the same department, with the replica's own key, carries on.
            let second = try Self.issue(node, "AUTO")
            _ = try await client.post(.handshake, Self.signed(laptop, scope: "AUTO", key: key, tokenID: second.id), token: second.token)
                .decode(HandshakeResponse.self)
            #expect(try node.store.tokens.replicaKeys()[laptop.id.hex]?.tokenID == second.id)
        }
    }

    /// A copy of a laptop's id with a key of its own (a forger, or a copied directory whose key was replaced) is
    /// refused at the handshake, pushes nothing, and the laptop goes on syncing.
    @Test func aKeyMismatchIsRefusedAndTheVictimKeepsSyncing() async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let victim = try node.replicas.department("victim", "AUTO")
        let forger = try ReplicaStore.create(at: node.replicas.directory.file("forger.sqlite"), scope: .department(try .department("AUTO")),
                                             replicaID: victim.replicaID, options: .init(wallClock: node.clock.wallClock))
        #expect(forger.key != victim.key)
        try victim.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "secretary")
        try await node.withClient(.live) { client in
            let first = try await SyncClientTests.sync(victim, port: client.port, token: token)
            #expect(first.failure == nil && first.pushed == 1)
            try forger.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("假")], mode: .create, author: "forger")
            let stored = try node.store.snapshot()
            let forged = try await SyncClientTests.sync(forger, port: client.port, token: token)
            #expect(forged.failure?.code == .replicaKeyMismatch)
            #expect(SyncClientTests.kind(forged.failure) == "unauthorized")
            #expect(forged.pushed == 0)
            #expect(try node.store.snapshot() == stored, "the forger's change was not applied")
            try victim.write(.graduate("2020002", in: "AUTO"), fields: ["name": .string("李四")], mode: .create, author: "secretary")
            let again = try await SyncClientTests.sync(victim, port: client.port, token: token)
            #expect(again.failure == nil && again.pushed == 1, "\(again.failure?.description ?? "")")
        }
        #expect(try node.store.record(.graduate("2020001", in: "AUTO"))?.fields["name"] == .string("张三"))
    }

    @Test(arguments: [false, true])
    func aChangeUnderTheNodesOwnIdIsRefusedAndNothingIsApplied(digest: Bool) async throws {
        let node = try CentralNode()
        let token = try Self.issue(node, "AUTO")
        try node.store.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "就业指导中心")
        let own = try node.store.allChanges()
        #expect(own.count == 1)
        let laptop = ForeignReplica()
        let office = ForeignReplica(id: node.store.replicaID)
        try await node.withClient(.router) { client in
            func push(_ changes: [Change]) -> PushRequest { digest ? laptop.digestPush(changes) : laptop.push(changes) }
            let stored = try node.store.snapshot()
            // The next change of the node's stream, and a different change under a seq it holds (a fork).
            for forged in [office.change("AUTO", seq: 2, key: "2020009"), office.change("AUTO", seq: 1, value: .string("假"))] {
                let page = laptop.changes("AUTO", 1...2) + [forged]
                let refusal = expectRefusal(try await client.post(.push, push(page), token: token.token), .forbidden, "origin_forbidden")
                #expect(refusal?.message.contains(node.store.replicaID.hex) == true)
                #expect(refusal?.message.contains("change 2 of the page") == true)
                #expect(try node.store.snapshot() == stored, "nothing of the page is applied")
            }
            // The node's own change coming back as it holds it is a duplicate, as any change held.
            let back = try await client.post(.push, push(laptop.changes("AUTO", 1...2) + own), token: token.token).decode(PushResponse.self)
            #expect((back.applied, back.duplicates) == (2, 1))
        }
    }
}
