import Foundation
import GRDB
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// Signed stream tips at a live node (protocol/SPEC.md, section 5.3): a keyed replica's stream grows only with the
/// changes its own key signed, whoever delivers them.
struct StreamTipTests {
    static let auto = try! Scope("AUTO")

    /// The held hashes of a stream at `store`, extended by `more`: the chain a tip of it must name.
    static func chain(of stream: StreamKey, at store: ReplicaStore, then more: [Change]) throws -> StreamChain {
        var chain = StreamChain.genesis
        for change in try store.allChanges().filter({ $0.id.stream == stream }).sorted(by: { $0.id.seq < $1.id.seq }) + more {
            chain.extend(contentHash: change.contentHash)
        }
        return chain
    }

    /// The attack: a department token pushes a change under the id of a laptop of the same department. Once the
    /// laptop's key is bound, such a change is dropped (no tip: the node cannot tell it from a relay without proof)
    /// or refused with `forged_change` (a tip not signed by the laptop's key); either way the laptop goes on syncing,
    /// where before its every sync failed with `replica_fork`.
    @Test(arguments: [false, true])
    func aChangeUnderAnotherLaptopsIdIsNotTakenAndTheLaptopKeepsSyncing(digest: Bool) async throws {
        let node = try CentralNode()
        let victimToken = try node.token(department: "AUTO")
        let attackerToken = try node.token(department: "AUTO")
        let victim = try node.replicas.department("victim", "AUTO")
        let stream = StreamKey(origin: victim.replicaID, scope: Self.auto)
        try victim.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "secretary")
        try await node.withClient(.live) { client in
            let first = try await SyncClientTests.sync(victim, port: client.port, token: victimToken)
            #expect(first.failure == nil && first.pushed == 1)
            // The laptop signed its page's tip, and the node kept it.
            #expect(try await node.store.signedTips(of: stream).map(\.seq) == [1])

            let attacker = ForeignReplica()
            let impostor = ForeignReplica(id: victim.replicaID)
            let forged = impostor.change("AUTO", seq: 2, key: "2020001", value: .string("假"))
            func push(_ changes: [Change]) -> PushRequest { digest ? attacker.digestPush(changes) : attacker.push(changes) }
            let stored = try node.store.snapshot()
            // Without a tip: the attacker's own change is taken (its id has no key bound), the forged one is not.
            let own = attacker.change("AUTO", seq: 1, key: "2020099")
            let plain = try await client.post(.push, push([own, forged]), token: attackerToken).decode(PushResponse.self)
            #expect((plain.applied, plain.duplicates, plain.dropped) == (1, 0, 1))
            #expect(try node.store.allChanges().contains { $0.id == forged.id } == false)
            #expect(try node.store.snapshot().changeCount == stored.changeCount + 1)
            let afterPlain = try node.store.snapshot()

            // With a tip over the right chain but signed by another key: refused, naming the laptop; nothing applied.
            let chain = try Self.chain(of: stream, at: node.store, then: [forged])
            var signed = push([attacker.change("AUTO", seq: 2, key: "2020098"), forged])
            signed.tips = [WireTip(SignedTip(signing: stream, seq: 2, chain: chain, with: ReplicaKey.generate()))]
            let refusal = expectRefusal(try await client.post(.push, signed, token: attackerToken), .forbidden, "forged_change")
            #expect(refusal?.message.contains(victim.replicaID.hex) == true && refusal?.message.contains(victim.key.fingerprint) == true)
            #expect(try node.store.snapshot() == afterPlain)

            // The laptop's genuine tip of seq 1, replayed over the forged seq 2: the tip is not within the page's
            // changes of the stream (bad_request); and with seq 1 sent again beside it, seq 2 is past the tip (dropped).
            let genuine = try #require(try await node.store.signedTips(of: stream).first)
            var replayed = push([forged])
            replayed.tips = [WireTip(genuine)]
            expectRefusal(try await client.post(.push, replayed, token: attackerToken), .badRequest, "bad_request")
            let held = try #require(try node.store.allChanges().first { $0.id.stream == stream })
            var withHeld = push([held, forged])
            withHeld.tips = [WireTip(genuine)]
            let past = try await client.post(.push, withHeld, token: attackerToken).decode(PushResponse.self)
            #expect((past.applied, past.duplicates, past.dropped) == (0, 1, 1))
            #expect(try node.store.snapshot() == afterPlain)

            // The laptop writes on and syncs: no replica_fork, its own seq 2 is taken.
            try victim.write(.graduate("2020002", in: "AUTO"), fields: ["name": .string("李四")], mode: .create, author: "secretary")
            let again = try await SyncClientTests.sync(victim, port: client.port, token: victimToken)
            #expect(again.failure == nil && again.pushed == 1, "\(again.failure?.description ?? "")")
            #expect(try await node.store.signedTips(of: stream).map(\.seq) == [1, 2])
        }
        #expect(try node.store.record(.graduate("2020001", in: "AUTO"))?.fields["name"] == .string("张三"))
        #expect(try node.store.record(.graduate("2020002", in: "AUTO"))?.fields["name"] == .string("李四"))
    }

    /// A keyed replica pushing its own changes with no `tips` member runs a version that predates tips: refused,
    /// saying so, rather than its changes dropped as unproven on every sync. An empty `tips` is a client that has
    /// none to send: its unproven changes are dropped.
    @Test func aKeyedReplicaPushingItsOwnChangesWithoutTipsIsToldToUpgrade() async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let laptop = try node.replicas.department("laptop", "AUTO")
        try laptop.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "secretary")
        try await node.withClient(.live) { client in
            let first = try await SyncClientTests.sync(laptop, port: client.port, token: token)
            #expect(first.failure == nil && first.pushed == 1)
            let old = ForeignReplica(id: laptop.replicaID)
            let stored = try node.store.snapshot()
            let refusal = expectRefusal(try await client.post(.push, old.push([old.change("AUTO", seq: 2, key: "2020002")]), token: token),
                                        .forbidden, "replica_key_mismatch")
            #expect(refusal?.message.contains("signs its stream tips") == true)
            var empty = old.push([old.change("AUTO", seq: 2, key: "2020002")])
            empty.tips = []
            let dropped = try await client.post(.push, empty, token: token).decode(PushResponse.self)
            #expect((dropped.applied, dropped.dropped) == (0, 1))
            #expect(try node.store.snapshot() == stored)
        }
    }

    /// `gradsync serve --require-signed`: an unsigned handshake is refused, a change of an origin whose key the node
    /// does not hold is dropped like an unproven one, and a signing replica syncs as always.
    @Test func aNodeThatRequiresSignaturesRefusesUnsignedHandshakesAndTakesOnlyProvenChanges() async throws {
        let node = try CentralNode()
        var server = SyncServer(store: node.store, logger: node.logs.makeLogger(), metrics: node.metrics)
        server.requireSigned = true
        let token = try node.token(department: "AUTO")
        let laptop = try node.replicas.department("laptop", "AUTO")
        try laptop.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "secretary")
        try await CentralNode.serve(server.makeRouter(), logs: node.logs, mode: .live) { client in
            let old = ForeignReplica()
            let refusal = expectRefusal(try await client.post(.handshake, old.handshake(scope: "AUTO"), token: token), .forbidden,
                                        "replica_key_mismatch")
            #expect(refusal?.message.contains("--require-signed") == true)
            let synced = try await SyncClientTests.sync(laptop, port: client.port, token: token)
            #expect(synced.failure == nil && synced.pushed == 1, "\(synced.failure?.description ?? "")")
            // A change of a replica that never signed, relayed with the laptop's token: no key, so no proof; dropped.
            var relayed = old.push([old.change("AUTO", seq: 1, key: "2020002")])
            relayed.tips = []
            let stored = try node.store.snapshot()
            let answer = try await client.post(.push, relayed, token: token).decode(PushResponse.self)
            #expect((answer.applied, answer.dropped) == (0, 1))
            #expect(try node.store.snapshot() == stored)
        }
    }

    /// Tips are checked for form before anything else of the page is asked of the store.
    @Test func aMalformedTipIsABadRequest() async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let laptop = ForeignReplica()
        let changes = laptop.changes("AUTO", 1...2)
        let stream = StreamKey(origin: laptop.id, scope: Self.auto)
        let good = WireTip(SignedTip(signing: stream, seq: 2, chain: .genesis, with: ReplicaKey.generate()))
        try await node.withClient(.router) { client in
            var cases: [(String, [WireTip])] = []
            var tip = good
            tip.origin = tip.origin.uppercased()
            cases.append(("origin", [tip]))
            tip = good
            tip.chain = "00"
            cases.append(("chain", [tip]))
            tip = good
            tip.signature = String(tip.signature.dropLast(2))
            cases.append(("signature", [tip]))
            tip = good
            tip.scope = "auto!"
            cases.append(("scope", [tip]))
            tip = good
            tip.seq = 3
            cases.append(("not within", [tip]))
            cases.append(("another tip", [good, good]))
            for (problem, tips) in cases {
                var request = laptop.push(changes)
                request.tips = tips
                let refusal = expectRefusal(try await client.post(.push, request, token: token), .badRequest, "bad_request")
                #expect(refusal?.message.contains(problem) == true, "\(problem): \(refusal?.message ?? "")")
            }
            #expect(try node.store.changeCount() == 0)
            // The same tip well formed, of an origin whose key the node does not know: ignored, the page taken.
            var request = laptop.push(changes)
            request.tips = [good]
            let taken = try await client.post(.push, request, token: token).decode(PushResponse.self)
            #expect(taken.applied == 2)
        }
    }

    /// A relay by a replica that never served anyone: the puller gets the peer's changes from a department laptop
    /// serving its peers, with the peer's tip and key (SPEC 7), checks them, and passes the tip on to the central node,
    /// which takes the changes as proven. A relay of the same changes by a replica that pulled them without tips (from
    /// a node that serves none) is dropped there, and nothing is lost.
    @Test func aPulledStreamIsRelayedWithItsTipAndOneWithoutProofIsDropped() async throws {
        let central = try CentralNode()
        let serving = try CentralNode(scope: .department(Self.auto))
        var server = SyncServer(store: serving.store, logger: serving.logs.makeLogger(), metrics: serving.metrics)
        server.streamTips = false
        let tipless = server
        let peer = try central.replicas.department("peer", "AUTO")
        let puller = try central.replicas.department("puller", "AUTO")
        let old = try central.replicas.department("old", "AUTO")
        let stream = StreamKey(origin: peer.replicaID, scope: Self.auto)
        let tokens = (peer: try central.token(department: "AUTO"), puller: try central.token(department: "AUTO"),
                      old: try central.token(department: "AUTO"), peerAtLaptop: try serving.token(department: "AUTO"),
                      pullerAtLaptop: try serving.token(department: "AUTO"), oldAtLaptop: try serving.token(department: "AUTO"))
        try peer.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "peer")
        try await central.withClient(.live) { centralClient in
            let first = try await SyncClientTests.sync(peer, port: centralClient.port, token: tokens.peer)
            #expect(first.failure == nil && first.pushed == 1)
            try peer.write(.graduate("2020002", in: "AUTO"), fields: ["name": .string("李四")], mode: .create, author: "peer")
            try peer.write(.graduate("2020003", in: "AUTO"), fields: ["name": .string("王五")], mode: .create, author: "peer")
            try await serving.withClient(.live) { laptopClient in
                let toLaptop = try await SyncClientTests.sync(peer, port: laptopClient.port, token: tokens.peerAtLaptop)
                #expect(toLaptop.failure == nil && toLaptop.pushed == 3)
                let fromLaptop = try await SyncClientTests.sync(puller, port: laptopClient.port, token: tokens.pullerAtLaptop)
                #expect(fromLaptop.failure == nil && fromLaptop.pulled == 3)
            }
            try await CentralNode.serve(tipless.makeRouter(), logs: serving.logs, mode: .live) { laptopClient in
                let fromLaptop = try await SyncClientTests.sync(old, port: laptopClient.port, token: tokens.oldAtLaptop)
                #expect(fromLaptop.failure == nil && fromLaptop.pulled == 3)
            }
            // The puller verified the tip the laptop served with the key the laptop bound, and pinned that key.
            #expect(try await puller.signedTips(of: stream).map(\.seq) == [3])
            #expect(try await old.signedTips(of: stream).isEmpty, "a node that serves no tips")
            let proofs = try puller.proofs(of: try puller.allChanges().filter { $0.id.stream == stream })
            #expect(proofs.values.allSatisfy { if case .verified(let binding) = $0 { binding.learnedFrom != nil } else { false } }, "\(proofs)")
            #expect(try old.proofs(of: try old.allChanges().filter { $0.id.stream == stream }).values.allSatisfy { $0 == .unverified })

            // Without proof: seqs 2–3 are dropped, the sync still succeeds, and nothing is lost.
            let unproven = try await SyncClientTests.sync(old, port: centralClient.port, token: tokens.old)
            #expect(unproven.failure == nil, "\(unproven.failure?.description ?? "")")
            #expect(try central.store.versionVector()[stream] == 1)
            #expect(try old.versionVector()[stream] == 3)

            // With the peer's tip, relayed by the puller: taken.
            let relayed = try await SyncClientTests.sync(puller, port: centralClient.port, token: tokens.puller)
            #expect(relayed.failure == nil, "\(relayed.failure?.description ?? "")")
            #expect(try central.store.versionVector()[stream] == 3)
            #expect(try await central.store.signedTips(of: stream).map(\.seq) == [1, 3])
            // And the peer itself syncs on with nothing to send.
            let last = try await SyncClientTests.sync(peer, port: centralClient.port, token: tokens.peer)
            #expect(last.failure == nil && last.pushed == 0)
        }
        #expect(try central.store.record(.graduate("2020003", in: "AUTO"))?.fields["name"] == .string("王五"))
    }

    /// A laptop checks what its node serves (SPEC 7): a page whose change the node altered, or whose origin's key the
    /// node names differently from the key the laptop pinned, is refused and nothing of it is applied; the laptop
    /// syncs on once the node serves the truth again.
    @Test(arguments: [false, true])
    func aLaptopRefusesAChangeItsNodeAlteredOrAKeyItSwapped(digest: Bool) async throws {
        let node = try CentralNode(pageDigest: digest)
        let peer = try node.replicas.department("peer", "AUTO")
        let puller = try node.replicas.department("puller", "AUTO")
        let stream = StreamKey(origin: peer.replicaID, scope: Self.auto)
        let tokens = (peer: try node.token(department: "AUTO"), puller: try node.token(department: "AUTO"))
        try peer.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "peer")
        try peer.write(.graduate("2020002", in: "AUTO"), fields: ["name": .string("李四")], mode: .create, author: "peer")
        try await node.withClient(.live) { client in
            #expect(try await SyncClientTests.sync(peer, port: client.port, token: tokens.peer).failure == nil)
            let first = try await SyncClientTests.sync(puller, port: client.port, token: tokens.puller)
            #expect(first.failure == nil && first.pulled == 2)
            #expect(try await puller.signedTips(of: stream).map(\.seq) == [2])
            let proofs = try puller.proofs(of: try puller.allChanges().filter { $0.id.stream == stream })
            let binding = try #require(proofs.values.compactMap { if case .verified(let binding) = $0 { binding } else { nil } }.first)
            #expect(proofs.count == 2 && binding.publicKey == peer.key.publicKeyHex && binding.scope == "AUTO", "\(proofs)")
            #expect(binding.learnedFrom == "http://localhost:\(try #require(client.port))")

            try peer.write(.graduate("2020003", in: "AUTO"), fields: ["name": .string("王五")], mode: .create, author: "peer")
            #expect(try await SyncClientTests.sync(peer, port: client.port, token: tokens.peer).failure == nil)
            let held = try puller.snapshot()
            let queue = try DatabaseQueue(path: node.store.path)
            defer { try? queue.close() }

            // The node names another key for the peer than the one the puller pinned.
            let other = ReplicaKey.generate().publicKeyHex
            try await queue.write { db in
                try db.execute(sql: "UPDATE gs_replica_key SET public_key = ? WHERE replica_id = ?", arguments: [other, peer.replicaID.hex])
            }
            let swapped = try await SyncClientTests.sync(puller, port: client.port, token: tokens.puller)
            #expect(swapped.failure?.code.rawValue == "replica_key_mismatch", "\(swapped.failure?.description ?? "none")")
            #expect(swapped.failure?.description.contains(peer.key.fingerprint) == true)
            #expect(try puller.snapshot() == held)
            try await queue.write { db in
                try db.execute(sql: "UPDATE gs_replica_key SET public_key = ? WHERE replica_id = ?", arguments: [peer.key.publicKeyHex, peer.replicaID.hex])
            }

            // The node alters the peer's seq 3 (with a hash that matches the altered change): its tip no longer fits.
            let genuine = try #require(try node.store.allChanges().first { $0.id.stream == stream && $0.id.seq == 3 })
            var altering = genuine
            altering.value = .string("假")
            let forged = altering
            try await queue.write { db in
                try db.execute(sql: """
                    UPDATE gs_change SET value = ?, hash = ? WHERE seq = 3 AND origin = (SELECT id FROM gs_origin WHERE replica_id = ?)
                    """, arguments: [#""假""#, forged.contentHash, peer.replicaID.hex])
            }
            let altered = try await SyncClientTests.sync(puller, port: client.port, token: tokens.puller)
            #expect(altered.failure?.code.rawValue == "forged_change", "\(altered.failure?.description ?? "none")")
            #expect(altered.failure?.description.contains(peer.replicaID.hex) == true)
            #expect(try puller.snapshot() == held)

            try await queue.write { db in
                try db.execute(sql: """
                    UPDATE gs_change SET value = ?, hash = ? WHERE seq = 3 AND origin = (SELECT id FROM gs_origin WHERE replica_id = ?)
                    """, arguments: [#""王五""#, genuine.contentHash, peer.replicaID.hex])
            }
            let honest = try await SyncClientTests.sync(puller, port: client.port, token: tokens.puller)
            #expect(honest.failure == nil && honest.pulled == 1, "\(honest.failure?.description ?? "")")
            #expect(try await puller.signedTips(of: stream).map(\.seq) == [2, 3])
        }
        #expect(try puller.record(.graduate("2020003", in: "AUTO"))?.fields["name"] == .string("王五"))
    }

    /// A key a replica pinned from a pulled page is the origin's here too: when the replica later serves its peers, a
    /// handshake under that id with another key is refused, as at the node that named it; the pinned key is taken.
    @Test func aKeyPinnedFromAPulledPageIsTheOnlyKeyAHandshakeHereMayPresent() async throws {
        let replicas = try TestReplicas()
        let laptop = try replicas.department("laptop", "AUTO")
        let peer = ForeignReplica()
        let peerKey = ReplicaKey.generate()
        let change = peer.change("AUTO", seq: 1)
        var chain = StreamChain.genesis
        chain.extend(contentHash: change.contentHash)
        let tip = SignedTip(signing: change.id.stream, seq: 1, chain: chain, with: peerKey)
        let named = ReplicaKeyBinding(replicaID: peer.id.hex, publicKey: peerKey.publicKeyHex, scope: "AUTO", tokenID: "", tokenLabel: "秘书",
                                      boundAtMilliseconds: 1, lastVerifiedMilliseconds: 0)
        // A page naming another key for an origin already pinned is refused, and nothing of it is applied.
        try await laptop.applyPulled([change], contentHashes: [change.contentHash], tips: [tip], keys: [named], from: "http://node")
        let second = peer.change("AUTO", seq: 2)
        var swapped = named
        swapped.publicKey = ReplicaKey.generate().publicKeyHex
        await #expect(throws: StoreError.self) {
            try await laptop.applyPulled([second], contentHashes: [second.contentHash], tips: [], keys: [swapped], from: "http://node")
        }
        #expect(try laptop.versionVector()[change.id.stream] == 1)

        let token = try laptop.tokens.issue(scope: .department(Self.auto), label: "peer").info
        let other = try await laptop.tokens.claimReplicaKey(peer.id.hex, publicKey: ReplicaKey.generate().publicKeyHex, token: token, bind: true)
        guard case .otherKey(let held) = other else { Issue.record("another key is taken: \(other)"); return }
        #expect(held.publicKey == peerKey.publicKeyHex && held.learnedFrom == "http://node")
        let same = try await laptop.tokens.claimReplicaKey(peer.id.hex, publicKey: peerKey.publicKeyHex, token: token, bind: true)
        guard case .verified = same else { Issue.record("the pinned key is refused: \(same)"); return }
    }

    /// A node serving a long run of its own stream notes the chain where it signed, so the next page is chained from
    /// there; a short run is chained from the log each time and not noted (a pull never waits for the writer).
    @Test func aNodeNotesItsOwnChainAfterALongWalkAndALaptopVerifiesEveryPage() async throws {
        let node = try CentralNode()
        try node.writeGraduates((0..<4_200).map { "2021\(10_000 + $0)" }, in: "AUTO")
        let laptop = try node.replicas.department("laptop", "AUTO")
        let token = try node.token(department: "AUTO")
        let stream = StreamKey(origin: node.store.replicaID, scope: Self.auto)
        try await node.withClient(.live) { client in
            let report = try await SyncClientTests.sync(laptop, port: client.port, token: token)
            #expect(report.failure == nil && report.pulled >= 4_200, "\(report.failure?.description ?? "")")
        }
        // Pages of 1,000: the tip at seq 5,000 (or the end) was the first more than 4,096 changes past a note.
        var noted: [SignedTip] = []
        for _ in 0..<100 where noted.isEmpty {
            noted = try await node.store.signedTips(of: stream)
            if noted.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(noted.count == 1 && noted[0].seq > 4_096, "\(noted.map(\.seq))")
        // The laptop verified a tip on every page and holds the node's whole stream proven.
        let tips = try await laptop.signedTips(of: stream)
        let held = try laptop.versionVector()[stream]
        #expect(tips.count >= 5 && tips.last?.seq == held, "\(tips.map(\.seq))")
        let proofs = try laptop.proofs(of: try laptop.allChanges().filter { $0.id.stream == stream })
        #expect(proofs.values.allSatisfy { if case .verified = $0 { true } else { false } })
    }
}
