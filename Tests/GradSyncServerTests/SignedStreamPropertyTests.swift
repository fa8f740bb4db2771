import Foundation
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import PropertyBased
import Testing

/// Random schedules of edits, syncs with the central node, syncs with a department laptop serving its peers, relays of
/// that laptop to the central node, and forgeries and replays by a holder of a department token: honest replicas
/// converge, no honest sync fails, and no replica ever holds a change under an honest replica's id that it did not
/// write. Runs the node's own push and pull (`SyncEndpoints`) on real SQLite files; the client side as the reference
/// client does it (its storage order, tips of its own streams signed, tips it holds of streams it relays).
struct SignedStreamPropertyTests {
    static let auto = try! Scope("AUTO")
    static let department = ReplicaScope.department(auto)

    /// A node (the central one, or a laptop serving its peers) and the token each replica syncs with it under.
    struct Node {
        let endpoints: SyncEndpoints
        var tokens: [ReplicaID: TokenInfo]
        var store: ReplicaStore { endpoints.store }
    }

    @Test func honestReplicasConvergeAndNoForgedChangeIsEverTaken() async {
        await propertyCheck(count: 20, input: Gen.uint64()) { seed in
            do {
                try await Self.run(seed: seed)
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    static func run(seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        let replicas = try TestReplicas()
        let honest = try (0..<3).map { try replicas.department("honest\($0)", "AUTO") }
        let servingStore = try replicas.department("serving", "AUTO")
        var central = Node(endpoints: SyncEndpoints(store: try replicas.make("central", scope: .central)), tokens: [:])
        var serving = Node(endpoints: SyncEndpoints(store: servingStore), tokens: [:])
        // Every honest replica (and the serving laptop, at the central node) has a token and proved its key there.
        for replica in honest + [servingStore] {
            let token = try central.store.tokens.issue(scope: department, label: "laptop").info
            central.tokens[replica.replicaID] = token
            _ = try await central.store.tokens.claimReplicaKey(replica.replicaID.hex, publicKey: replica.key.publicKeyHex, token: token, bind: true)
        }
        for replica in honest {
            let token = try servingStore.tokens.issue(scope: department, label: "peer").info
            serving.tokens[replica.replicaID] = token
            _ = try await servingStore.tokens.claimReplicaKey(replica.replicaID.hex, publicKey: replica.key.publicKeyHex, token: token, bind: true)
        }
        let attacker = ForeignReplica()
        let attackerKey = ReplicaKey.generate()
        let attackerTokens = (central: try central.store.tokens.issue(scope: department, label: "attacker").info,
                              serving: try servingStore.tokens.issue(scope: department, label: "attacker").info)
        var attackerSeq: UInt64 = 0

        for _ in 0..<30 {
            let actor = Int(random.next() % 3)
            switch random.next() % 6 {
            case 0, 1:
                let key = "20200\(random.next() % 5)"
                let field = ["name", "phone", "employer_name"][Int(random.next() % 3)]
                try honest[actor].write(.graduate(key, in: "AUTO"), fields: [field: .string("v\(random.next() % 1000)")], mode: .upsert,
                                        author: "secretary \(actor)")
            case 2:
                try await sync(honest[actor], with: central, pageSize: 1 + Int(random.next() % 4))
            case 3:
                try await sync(honest[actor], with: serving, pageSize: 1 + Int(random.next() % 4))
            case 4:
                try await sync(servingStore, with: central, pageSize: 1 + Int(random.next() % 4))
            default:
                attackerSeq += 1
                let victims = honest + [servingStore]
                let victim = victims[Int(random.next() % UInt64(victims.count))]
                let toCentral = random.next() % 2 == 0
                try await forge(victim: victim, at: toCentral ? central : serving, token: toCentral ? attackerTokens.central : attackerTokens.serving,
                                attacker: attacker, attackerSeq: attackerSeq, attackerKey: attackerKey, random: &random)
            }
            try checkNothingForged(in: [central.store, servingStore] + honest, honest: honest + [servingStore])
        }
        // Everyone syncs until quiet: every honest replica holds what every other wrote, as the central node does.
        for _ in 0..<3 {
            for replica in honest {
                try await sync(replica, with: serving, pageSize: 3)
                try await sync(replica, with: central, pageSize: 3)
            }
            try await sync(servingStore, with: central, pageSize: 3)
        }
        let vector = try central.store.versionVector(filter: department)
        for replica in honest + [servingStore] {
            #expect(try replica.versionVector(filter: department) == vector, "seed \(seed)")
            #expect(try replica.records(collection: "graduate") == central.store.records(collection: "graduate"), "seed \(seed)")
            // Every change of another honest replica it holds is proven by that replica's key: the last page of each
            // stream carries a tip at the stream's end, since a node takes a keyed stream only up to a tip.
            let others = Set((honest + [servingStore]).map(\.replicaID)).subtracting([replica.replicaID])
            let proofs = try replica.proofs(of: try replica.allChanges().filter { others.contains($0.id.origin) })
            #expect(proofs.values.allSatisfy { if case .verified = $0 { true } else { false } },
                    "seed \(seed): \(proofs.filter { $0.value == .unverified }.keys.sorted { $0.description < $1.description })")
        }
        try checkNothingForged(in: [central.store, servingStore] + honest, honest: honest + [servingStore])
    }

    /// A push of everything the node lacks, page by page, then pulls until nothing is left; any refusal fails the run.
    static func sync(_ client: ReplicaStore, with node: Node, pageSize: Int) async throws {
        let token = try #require(node.tokens[client.replicaID])
        let shared = node.store.scope.intersection(department)
        var pushed = 0
        while pushed < 50 {
            let theirs = try node.store.versionVector(filter: shared)
            let batch = try client.changes(missingFrom: theirs, filter: shared, limit: pageSize)
            if batch.changes.isEmpty { break }
            let tips = try await client.tips(for: batch.changes, contentHashes: batch.contentHashes).map(WireTip.init)
            _ = try await node.endpoints.push(PushRequest(replicaID: client.replicaID.hex, changes: batch.wireChanges, tips: tips), token: token)
            pushed += 1
            // Changes the node dropped (relayed without proof) stay behind: the next page starts at the same place.
            if try node.store.versionVector(filter: shared) == theirs { break }
        }
        while true {
            let held = try client.versionVector(filter: shared)
            let page = try await node.endpoints.pull(PullRequest(replicaID: client.replicaID.hex, scope: client.scope.description,
                                                                 vector: held.wireEntries, limit: pageSize, streamTips: true), token: token)
            let changes = try page.changes.map { try $0.change() }
            // The page's tips and keys, checked as the reference client checks them (SPEC 7).
            try await client.applyPulled(changes, contentHashes: changes.map(\.contentHash), tips: try WireTip.checked(page.tips ?? [], of: changes),
                                         keys: try WireOriginKey.checked(page.keys ?? []), from: node.store.replicaID.hex)
            if !page.hasMore { break }
        }
    }

    /// One forgery under `victim`'s id pushed to `node` with a department token: the stream's next change or another
    /// content under a held seq, with no tip, a tip signed by another key, or the victim's genuine tip replayed.
    static func forge(victim: ReplicaStore, at node: Node, token: TokenInfo, attacker: ForeignReplica, attackerSeq: UInt64,
                      attackerKey: ReplicaKey, random: inout SplitMix64) async throws {
        let stream = StreamKey(origin: victim.replicaID, scope: auto)
        let held = try node.store.versionVector()[stream]
        let seq = held > 0 && random.next() % 3 == 0 ? 1 + random.next() % held : held + 1
        let forged = Change(id: ChangeID(origin: victim.replicaID, scope: auto, seq: seq), hlc: HLCTimestamp(milliseconds: 1_780_000_000_000),
                            collection: "graduate", key: "2020001", field: "name", value: .string("假 \(attackerSeq)"), author: "forger")
        let own = attacker.change("AUTO", seq: attackerSeq, key: "20209\(attackerSeq % 10)")
        var request = PushRequest(replicaID: attacker.id.hex, changes: [own, forged].map { WireChange($0) })
        switch random.next() % 3 {
        case 0:
            request.tips = []
        case 1:
            var chain = StreamChain.genesis
            for change in try node.store.allChanges().filter({ $0.id.stream == stream && $0.id.seq < seq }).sorted(by: { $0.id.seq < $1.id.seq }) {
                chain.extend(contentHash: change.contentHash)
            }
            chain.extend(contentHash: forged.contentHash)
            request.tips = [WireTip(SignedTip(signing: stream, seq: seq, chain: chain, with: attackerKey))]
        default:
            let genuine = try await victim.signedTips(of: stream).last { $0.seq == seq }
            request.tips = genuine.map { [WireTip($0)] } ?? []
        }
        do {
            _ = try await node.endpoints.push(request, token: token)
        } catch let refusal as SyncRefusal {
            #expect([.forgedChange, .replicaFork, .originForbidden].contains(refusal.code), "\(refusal)")
        }
    }

    /// Every change any store holds under an honest replica's id is that replica's own.
    static func checkNothingForged(in stores: [ReplicaStore], honest: [ReplicaStore]) throws {
        var written: [ChangeID: String] = [:]
        for replica in honest {
            for change in try replica.allChanges() where change.id.origin == replica.replicaID { written[change.id] = change.contentHash }
        }
        let ids = Set(honest.map(\.replicaID))
        for store in stores {
            for change in try store.allChanges() where ids.contains(change.id.origin) {
                #expect(written[change.id] == change.contentHash, "\(store.path) holds \(change.id), which its origin did not write")
            }
        }
    }
}
