import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Testing

/// The vectors of `protocol/vectors/tips/`: chain digests, the signed text of a tip, its signature, and what a
/// receiver that knows the origin's key does with the page, as the real code computes and applies them
/// (`protocol/tools/stream_tip.py` checks the same files from the spec).
@Suite struct StreamTipVectorTests {
    struct Case: Decodable {
        struct Held: Decodable { var seq: UInt64; var chain: String }
        struct Expected: Decodable {
            var chains: [String]
            var text: String
            var verdict: String
            var acceptedSeqs: [UInt64]
            var droppedSeqs: [UInt64]?
            /// For a client receiver: the seqs the tip proves.
            var verifiedSeqs: [UInt64]?
            enum CodingKeys: String, CodingKey {
                case chains, text, verdict, acceptedSeqs = "accepted_seqs", droppedSeqs = "dropped_seqs", verifiedSeqs = "verified_seqs"
            }
        }
        /// `client` for a replica applying a pulled page (SPEC 7); absent for a node taking a push.
        var receiver: String?
        var privateKeySeed: String
        var publicKey: String
        var held: Held
        var heldChanges: [WireChange]
        var changes: [WireChange]
        var tip: WireTip
        var expected: Expected
        enum CodingKeys: String, CodingKey {
            case privateKeySeed = "private_key_seed", publicKey = "public_key", held, heldChanges = "held_changes", changes, tip, expected
            case receiver
        }
    }

    static let files: [String] = (try? ProtocolFolder.jsonFiles(in: "vectors/tips").map(\.lastPathComponent)) ?? []

    static func load(_ file: String) throws -> Case {
        try JSONDecoder().decode(Case.self, from: Data(contentsOf: ProtocolFolder.file("vectors/tips/\(file)")))
    }

    @Test func thereAreVectorsOfEveryVerdict() throws {
        #expect(Self.files.count >= 4)
        let verdicts = Set(try Self.files.map { try Self.load($0).expected.verdict })
        #expect(verdicts == ["accepted", "dropped", "forged_change"])
    }

    @Test(arguments: files) func theVectorIsWhatTheCodeComputesSignsAndApplies(file: String) async throws {
        let vector = try Self.load(file)
        let held = try vector.heldChanges.map { try $0.change() }
        let changes = try vector.changes.map { try $0.change() }
        // Every hash is the change's own, and the chains are the code's.
        for (wire, change) in zip(vector.heldChanges + vector.changes, held + changes) {
            #expect(wire.hash == change.contentHash)
        }
        var chain = StreamChain.genesis
        for change in held { chain.extend(contentHash: change.contentHash) }
        #expect(chain.description == vector.held.chain && UInt64(held.count) == vector.held.seq)
        var chains: [String] = []
        for change in changes {
            chain.extend(contentHash: change.contentHash)
            chains.append(chain.description)
        }
        #expect(chains == vector.expected.chains)

        // The tip's text, its signature, and the seed signing the same (Ed25519 is deterministic).
        let stream = StreamKey(origin: try #require(ReplicaID(hex: vector.tip.origin)), scope: try Scope(vector.tip.scope))
        let tip = SignedTip(stream: stream, seq: vector.tip.seq, chain: try #require(StreamChain(hex: vector.tip.chain)),
                            signature: vector.tip.signature)
        #expect(tip.signedText == vector.expected.text)
        #expect(tip.verifies(publicKeyHex: vector.publicKey))
        let key = try #require(ReplicaKey(privateBytes: HandshakeSignatureVectorTests.bytes(vector.privateKeySeed)))
        #expect(key.publicKeyHex == vector.publicKey)
        #expect(SignedTip(signing: stream, seq: tip.seq, chain: tip.chain, with: key) == tip)
        #expect(!tip.verifies(publicKeyHex: ReplicaKey.generate().publicKeyHex), "another key does not verify it")
        #expect(WireTip(tip) == vector.tip)

        // A receiver that knows the origin's key and holds `held_changes` applies the page as the verdict says.
        let replicas = try TestReplicas()
        let store = try replicas.department("node", stream.scope.name)
        if !held.isEmpty { try store.apply(held) }
        let before = try store.allChanges()
        let proofs = OriginProofs(keyedOrigins: [stream.origin], tips: [stream: tip])
        if vector.receiver == "client" {
            // A replica applying the page as pulled, with the tip and the origin's key its node named.
            let key = ReplicaKeyBinding(replicaID: stream.origin.hex, publicKey: vector.publicKey, scope: stream.scope.name, tokenID: "",
                                        tokenLabel: "laptop", boundAtMilliseconds: 1, lastVerifiedMilliseconds: 0)
            let pull = { try await store.applyPulled(changes, contentHashes: changes.map(\.contentHash), tips: [tip], keys: [key], from: "vector") }
            if vector.expected.verdict == "forged_change" {
                await #expect(throws: StoreError.forgedChange(stream, seq: tip.seq)) { try await pull() }
                #expect(try store.allChanges() == before, "nothing of a forged page is applied")
                return
            }
            let result = try await pull()
            #expect(result.applied == vector.expected.acceptedSeqs.count && result.dropped == 0)
            let proofs = try store.proofs(of: try store.allChanges().filter { $0.id.stream == stream })
            let verified = proofs.filter { if case .verified = $0.value { true } else { false } }.keys.map(\.seq).sorted()
            #expect(verified == vector.expected.verifiedSeqs)
            return
        }
        switch vector.expected.verdict {
        case "forged_change":
            await #expect(throws: StoreError.forgedChange(stream, seq: tip.seq)) {
                try await store.applyAsync(changes, contentHashes: changes.map(\.contentHash), proofs: proofs)
            }
            #expect(try store.allChanges() == before, "nothing of a forged page is applied")
        default:
            let result = try await store.applyAsync(changes, contentHashes: changes.map(\.contentHash), proofs: proofs)
            #expect(result.applied == vector.expected.acceptedSeqs.count)
            #expect(result.dropped == (vector.expected.droppedSeqs ?? []).count && result.unproven == (vector.expected.droppedSeqs ?? []).count)
            let stored = try store.allChanges().filter { $0.id.stream == stream }.map(\.id.seq)
            #expect(stored == held.map(\.id.seq) + vector.expected.acceptedSeqs)
            // The tip that proved them is kept, to pass on when this replica relays the stream.
            #expect(try await store.signedTips(of: stream) == [tip])
        }
        // Without the origin's key, the receiver takes the whole page unverified, as a receiver that predates tips.
        let unkeyed = try replicas.department("unkeyed", stream.scope.name)
        if !held.isEmpty { try unkeyed.apply(held) }
        let plain = try await unkeyed.applyAsync(changes, contentHashes: changes.map(\.contentHash),
                                                 proofs: OriginProofs(keyedOrigins: [], tips: [:]))
        #expect(plain.applied == changes.count && plain.dropped == 0)
    }

    @Test func thePythonToolChecksTheVectorsAndNoticesATamperedOne() throws {
        let paths = Self.files.map { "protocol/vectors/tips/\($0)" }
        let (output, status) = try ProtocolFolder.runTool("stream_tip.py", paths)
        #expect(status == 0, "\(output)")
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == paths.count, "\(output)")
        #expect(!output.contains("no signatures checked"), "the tool did not check the signatures: install python3-cryptography\n\(output)")

        // The tip's seq moved after signing: the text and the signature no longer match.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tip-vector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try String(contentsOf: ProtocolFolder.file("vectors/tips/\(Self.files[0])"), encoding: .utf8)
        let tampered = original.replacing(#/"seq": 3,\n    "signature"/#, with: "\"seq\": 2,\n    \"signature\"")
        #expect(tampered != original)
        let copy = directory.appendingPathComponent("tampered.json")
        try Data(tampered.utf8).write(to: copy)
        let (refused, refusedStatus) = try ProtocolFolder.runTool("stream_tip.py", [copy.path])
        #expect(refusedStatus == 1, "\(refused)")
    }
}
