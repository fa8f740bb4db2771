import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import GradSyncTesting

/// The messages of `protocol/examples/`, produced from real replicas so ids, stamps and hashes are real.
///
/// A department laptop (AUTO) syncs with the central node: the node holds a shared reference record and a
/// graduate it entered, the laptop holds graduates it entered (one edited, one deleted). Replica ids and the
/// wall clock are fixed, so the messages are the same on every run.
struct ExampleMessages {
    static let laptopID = ReplicaID(hex: "3b9f0c6e2a7d4e18b5c1f0a29d8e7c64")!
    static let centralID = ReplicaID(hex: "e41a07c2d95b4f3a8c6e1b0d7f2a9c35")!
    /// The laptop's key in the signed handshake: the test-only key of the first handshake vector.
    static let laptopKey = ReplicaKey(privateBytes: HandshakeSignatureVectorTests.bytes("38de1d227ebfda837042f93ff033e569c77145c0b4f8e4ba06456baf682b268a"))!
    /// The key the node signs its own streams' tips with in `pull-response-tips.json`: fixed and for this example only
    /// (a node's real key is made at `init`), so the file is the same on every run.
    static let centralKey = ReplicaKey(privateBytes: HandshakeSignatureVectorTests.bytes("9a4be2f0c5d1873e6b20f4a9d8c7e1b35f60a2d4c8e9b1f7a3d5c0e2b4f6a8d1"))!
    /// 2026-06-01T00:00:00Z.
    static let start: UInt64 = 1_780_272_000_000

    /// Each example's file name (under `protocol/examples/`) and its encoded message.
    var files: [(name: String, message: any Encodable)] = []

    init() async throws {
        let clock = ManualClock(start: Self.start)
        let replicas = try TestReplicas(clock: clock)
        let options = ReplicaStore.Options(wallClock: clock.wallClock)
        let auto = try Scope.department("AUTO")
        let central = try ReplicaStore.create(at: replicas.directory.file("central.sqlite"), scope: .central,
                                              replicaID: Self.centralID, options: options)
        let laptop = try ReplicaStore.create(at: replicas.directory.file("laptop.sqlite"), scope: .department(auto),
                                             replicaID: Self.laptopID, options: options)

        try central.write(RecordID(scope: .shared, collection: "department", key: "AUTO"),
                          fields: ["name": .string("自动化学院")], mode: .create, author: "office")
        try central.write(RecordID(scope: auto, collection: "graduate", key: "2024017"),
                          fields: ["name": .string("李四"), "gender": .string("2")], mode: .create, author: "office")
        clock.advance(by: 60_000)
        let zhang = RecordID(scope: auto, collection: "graduate", key: "2024001")
        try laptop.write(zhang, fields: ["name": .string("张三"), "gender": .string("1"), "major_code": .string("080901")],
                         mode: .create, author: "secretary")
        clock.advance(by: 1_500)
        try laptop.write(zhang, fields: ["name": .string("张三丰")], mode: .update, author: "secretary")
        let wrong = RecordID(scope: auto, collection: "graduate", key: "2024999")
        try laptop.write(wrong, fields: ["name": .string("测试")], mode: .create, author: "secretary")
        clock.advance(by: 800)
        try laptop.delete(wrong, author: "secretary")

        // The handshake, as SyncClient and SyncEndpoints make it under a token for AUTO: each vector entry
        // carries the hash of its stream's tip, so either side can tell a forked stream.
        let handshake = HandshakeRequest(replicaID: laptop.replicaID.hex, scope: laptop.scope.description,
                                         vector: try await laptop.wireVector(filter: nil), clockMilliseconds: clock.now())
        // The same handshake as the reference client sends it, signed with the laptop's key for the token gs1.0f3c9a1e5b7d2c48.…
        // (a fixed key, the one of protocol/vectors/handshake/01-signed-department-handshake.json, so the file is the same on every run).
        var signedHandshake = handshake
        HandshakeSignature.sign(&signedHandshake, with: Self.laptopKey, tokenID: "0f3c9a1e5b7d2c48")
        let shared = central.scope.intersection(.department(auto)).intersection(laptop.scope)
        let centralWireVector = try await central.wireVector(filter: shared)
        let centralVector = try VersionVector(wire: centralWireVector)
        let answer = HandshakeResponse(
            protocolVersion: WireProtocol.version, replicaID: central.replicaID.hex, scope: central.scope.description,
            sharedScope: shared.description, vector: centralWireVector, clockMilliseconds: clock.now() + 37,
            maxDriftMilliseconds: central.clockRule.maxDriftMilliseconds, maxPageChanges: WireProtocol.maxPageChanges,
            maxBodyBytes: WireProtocol.maxBodyBytes, acceptsShared: false, warnings: [], pageDigest: true, pullFrom: true,
            snapshotMinChanges: 10_000)
        var suspect = answer
        suspect.clockMilliseconds = handshake.clockMilliseconds - 900_000
        suspect.warnings = [WireWarning(code: "clock_suspect", message: "this replica's clock is 15.0 minutes ahead of the node's; fix the system clock (edits still sync, but their order against other edits may surprise people)")]

        // Push: what the node lacks, in the laptop's storage order, without `shared` (accepts_shared is false).
        let outgoing = try laptop.changes(missingFrom: centralVector, filter: shared, limit: 1_000,
                                          byteBudget: WireProtocol.maxBodyBytes / 2, includeShared: false)
        let push = PushRequest(replicaID: laptop.replicaID.hex, changes: outgoing.changes.map { WireChange($0) })
        // The same page as the reference client sends it to a node that offers digest pages.
        let digestOutgoing = outgoing.wireDigestPage
        let pushDigest = PushRequest(replicaID: laptop.replicaID.hex, changes: digestOutgoing.changes, digest: digestOutgoing.digest)
        let pushed = try central.apply(outgoing.changes)
        let pushAnswer = PushResponse(protocolVersion: WireProtocol.version, applied: pushed.applied,
                                      duplicates: pushed.duplicates, dropped: pushed.dropped)

        // Pull: two changes a page, so the answer shows `has_more`. The client sends its plain vector here (no tip hashes).
        let pull = PullRequest(replicaID: laptop.replicaID.hex, scope: laptop.scope.description,
                               vector: try laptop.versionVector(filter: shared).wireEntries, limit: 2)
        let page = try central.changes(missingFrom: try laptop.versionVector(filter: shared), filter: shared, limit: 2,
                                       byteBudget: WireProtocol.pageByteBudget)
        let pullAnswer = PullResponse(protocolVersion: WireProtocol.version, changes: page.changes.map { WireChange($0) }, hasMore: page.hasMore)
        // The same pull asking for a digest page, as the reference client does of a node that offers them, and the answer.
        var pullDigest = pull
        pullDigest.pageDigest = true
        let digestPage = page.wireDigestPage
        let pullDigestAnswer = PullResponse(protocolVersion: WireProtocol.version, changes: digestPage.changes, hasMore: page.hasMore,
                                            digest: digestPage.digest)
        // The next pull asked ahead while that page is applied: `vector` is still what the laptop holds, `from` what it
        // will hold once the page commits.
        var ahead = pullDigest
        ahead.from = try laptop.versionVector(filter: shared).extended(by: page.changes).wireEntries
        // The same digest page asked for with its stream tips, from a node that serves them (SPEC 7): both of the page's
        // streams are the node's own (the shared scope and AUTO), so it signs a tip of each at its last change in the
        // page, and names its key.
        var pullTips = pullDigest
        pullTips.streamTips = true
        var tipsAnswer = pullDigestAnswer
        var tips: [WireTip] = []
        for stream in page.changes.map(\.id.stream).reduce(into: [StreamKey](), { if !$0.contains($1) { $0.append($1) } }) {
            let held = try central.allChanges().filter { $0.id.stream == stream }.sorted { $0.id.seq < $1.id.seq }
            let last = page.changes.filter { $0.id.stream == stream }.map(\.id.seq).max()!
            var chain = StreamChain.genesis
            for change in held where change.id.seq <= last { chain.extend(contentHash: change.contentHash) }
            tips.append(WireTip(SignedTip(signing: stream, seq: last, chain: chain, with: Self.centralKey)))
        }
        tipsAnswer.tips = tips
        tipsAnswer.keys = [WireOriginKey(replicaID: central.replicaID.hex, publicKey: Self.centralKey.publicKeyHex, scope: nil,
                                         tokenLabel: nil, boundAtMilliseconds: nil)]

        files = [
            ("handshake-request.json", handshake),
            ("handshake-request-signed.json", signedHandshake),
            ("handshake-response.json", answer),
            ("handshake-response-clock-suspect.json", suspect),
            ("push-request.json", push),
            ("push-request-digest.json", pushDigest),
            ("push-response.json", pushAnswer),
            ("pull-request.json", pull),
            ("pull-request-digest.json", pullDigest),
            ("pull-request-ahead.json", ahead),
            ("pull-request-tips.json", pullTips),
            ("pull-response-tips.json", tipsAnswer),
            ("pull-response.json", pullAnswer),
            ("pull-response-digest.json", pullDigestAnswer),
            ("snapshot-request.json", SnapshotRequest(replicaID: laptop.replicaID.hex, scope: laptop.scope.description)),
        ]
        for (code, message) in try Self.errors(sample: outgoing.changes[0]) {
            files.append(("error-\(code).json", WireError(code: code, message: message)))
        }
    }

    /// One refusal body per machine code the node sends; messages made by the real code where the code is reachable here.
    static func errors(sample: Change) throws -> [(String, String)] {
        var tampered = WireChange(sample)
        tampered.value = .string("张三 (edited in transit)")
        var badStamp = WireChange(sample)
        badStamp.hlc = "1780272061500"
        func message(_ wire: WireChange) -> String {
            do { _ = try wire.change(); return "" } catch { return error.message }
        }
        return [
            ("bad_request", message(badStamp)),
            ("unauthorized", "a valid bearer token is required (Authorization: Bearer gs1.<id>.<secret>); it may have been revoked"),
            ("forbidden_scope", "the token is for department 'AUTO' but the replica is of department 'CS'"),
            ("bad_signature", "the handshake's signature does not verify with its public_key over this request "
                + "(replica id, scope, token, clock_ms and vector as sent; protocol/SPEC.md section 5.2); nothing was recorded"),
            ("replica_key_mismatch", "replica 3b9f0c6e2a7d4e18b5c1f0a29d8e7c64 is bound at this node to the key with fingerprint "
                + "aadf:afa1:195c:7000:593d:f22d:3347:e78d; this handshake presents 0b5e:41c2:9d07:a3f8:6e12:c4b9:58d0:7a3e: only the replica "
                + "holding that key syncs under its id; if this is that replica, its key was replaced (a restore makes a new id and key instead), and a person must look into which key is the replica's"),
            ("origin_forbidden", "change 0 of the page (seq 3 of scope 'AUTO') has origin e41a07c2d95b4f3a8c6e1b0d7f2a9c35, this node's own "
                + "replica id, and is not a change this node wrote: only this node writes its own stream; nothing was applied"),
            ("forged_change", "the changes of replica 3b9f0c6e2a7d4e18b5c1f0a29d8e7c64 in scope 'AUTO' up to seq 6 are not the ones that "
                + "replica signed (their chain digest differs from its signed tip): a change of its stream was altered or forged; nothing of the page was applied"),
            ("replica_claimed", "replica 3b9f0c6e2a7d4e18b5c1f0a29d8e7c64 syncs with this node under another token; a replica keeps the token "
                + "it first synced with until that token is revoked (a copied replica directory needs its own id: restore it as a new replica)"),
            ("not_found", "no such endpoint; see protocol/SPEC.md"),
            ("method_not_allowed", "this endpoint does not take that method"),
            ("replica_fork", StoreError.replicaFork(sample.id).description),
            ("body_too_large", "the request body is larger than \(WireProtocol.maxBodyBytes) bytes"),
            ("page_too_large", "a page may carry at most \(WireProtocol.maxPageChanges) changes"),
            ("unsupported_encoding", "Content-Encoding 'br' is not supported; use gzip or none"),
            ("unsupported_protocol", "protocol version 2 is not supported; this node speaks 1 to 1"),
            ("hash_mismatch", message(tampered)),
            ("validation_failed", StoreError.invalid(ValidationError(field: "gender", value: "3", allowed: "须为以下之一：1（男）、2（女）", label: "性别")).description),
            ("internal", "the node could not complete the request"),
            ("busy", "the node's database is busy; retry shortly"),
        ]
    }

    /// How example files are written: stable member order, indented, slashes unescaped.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
