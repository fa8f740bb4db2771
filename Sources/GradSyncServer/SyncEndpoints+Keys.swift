import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync

extension SyncEndpoints {
    /// Checks a handshake's proof of possession of the client replica's key (protocol/SPEC.md, section 5.2) and
    /// compares the key with the one bound to the id. Returns the verified key, or nil for an unsigned handshake of an
    /// id no key is bound to (a client that predates keys). Writes nothing: `bindReplicaKey` binds once every other
    /// check of the handshake has passed.
    func checkReplicaKey(_ request: HandshakeRequest, replica: ReplicaID, token: TokenInfo) async throws -> String? {
        var presented: String?
        switch (request.publicKey, request.signature) {
        case (nil, nil):
            guard !requireSigned else {
                throw SyncRefusal(.replicaKeyMismatch, "this node syncs only with replicas that sign their handshakes and stream tips "
                    + "(it was started with --require-signed); replica \(replica.hex) sent an unsigned handshake: sync it with a version of "
                    + "gradsync that signs; nothing was recorded")
            }
            presented = nil
        case (let key?, let signature?):
            guard ReplicaKey.isPublicKey(key) else {
                throw SyncRefusal.badRequest("public_key must be 64 lowercase hex digits of an Ed25519 public key")
            }
            guard signature.utf8.count == 128, signature.utf8.allSatisfy(Self.isLowercaseHexDigit) else {
                throw SyncRefusal.badRequest("signature must be 128 lowercase hex digits (an Ed25519 signature)")
            }
            // The signed text writes each entry's hash as sent, on one line with the entry's other members: in a
            // signed handshake a hash is 64 hex digits or absent, so no two different vectors share one text.
            if let index = request.vector.firstIndex(where: { entry in
                entry.hash.map { $0.utf8.count != 64 || !$0.utf8.allSatisfy(Self.isHexDigit) } ?? false
            }) {
                throw SyncRefusal.badRequest("vector entry \(index): in a signed handshake a hash is 64 hex digits or absent (protocol/SPEC.md section 5.2)")
            }
            let text = HandshakeSignature.text(request, publicKey: key, tokenID: token.id)
            guard ReplicaKey.verify(signatureHex: signature, of: text, publicKeyHex: key) else {
                throw SyncRefusal(.badSignature, "the handshake's signature does not verify with its public_key over this request "
                    + "(replica id, scope, token, clock_ms and vector as sent; protocol/SPEC.md section 5.2); nothing was recorded")
            }
            let now = store.wallClockNow()
            let distance = request.clockMilliseconds > now ? request.clockMilliseconds - now : now - request.clockMilliseconds
            guard distance <= WireProtocol.handshakeSignatureWindowMilliseconds else {
                throw SyncRefusal(.badSignature, "the handshake is signed at clock_ms \(request.clockMilliseconds), "
                    + "\(String(format: "%.1f", Double(distance) / 3_600_000)) hours from this node's clock; a signed handshake must be within "
                    + "\(WireProtocol.handshakeSignatureWindowMilliseconds / 3_600_000) hours of it: fix the system clock")
            }
            presented = key
        default:
            throw SyncRefusal.badRequest("a handshake carries public_key and signature together, or neither")
        }
        let claim = try await store.tokens.claimReplicaKey(replica.hex, publicKey: presented, token: token, bind: false)
        try Self.refuseKeyClaim(claim, replica: replica, presented: presented, token: token)
        return presented
    }

    static func isLowercaseHexDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) || (97...102).contains(byte) }
    static func isHexDigit(_ byte: UInt8) -> Bool { isLowercaseHexDigit(byte) || (65...70).contains(byte) }

    /// Binds the id to a verified key at its first verified handshake (or notes the token of a later one); a handshake
    /// that lost a race to bind another key is refused like any other.
    func bindReplicaKey(_ key: String?, replica: ReplicaID, token: TokenInfo) async throws {
        guard let key else { return }
        let claim = try await store.tokens.claimReplicaKey(replica.hex, publicKey: key, token: token, bind: true)
        try Self.refuseKeyClaim(claim, replica: replica, presented: key, token: token)
    }

    static func refuseKeyClaim(_ claim: ReplicaKeyClaim, replica: ReplicaID, presented: String?, token: TokenInfo) throws(SyncRefusal) {
        switch claim {
        case .unkeyed, .verified:
            return
        case .unsigned(let bound):
            throw SyncRefusal(.replicaKeyMismatch, "replica \(replica.hex) proved its key (fingerprint \(bound.fingerprint)) at an earlier "
                + "handshake with this node; a handshake naming it without a signature is refused (sync that replica with a version "
                + "of gradsync that signs its handshakes)")
        case .otherKey(let bound):
            throw SyncRefusal(.replicaKeyMismatch, "replica \(replica.hex) is \(bound.learnedFrom.map { "known at this node (named by \($0))" } ?? "bound at this node") to the key with fingerprint "
                + "\(bound.fingerprint); this handshake presents \(presented.flatMap { ReplicaKey.fingerprint(publicKeyHex: $0) } ?? "another key"): "
                + "only the replica holding that key syncs under its id; if this is that replica, its key was replaced (a restore makes a new id "
                + "and key instead), and a person must look into which key is the replica's")
        case .otherScope(let bound):
            throw SyncRefusal(.replicaKeyMismatch, "replica \(replica.hex) proved its key under a token of scope '\(bound.scope)'; "
                + "this token is of scope '\(token.scope)'")
        }
    }

    /// Refuses a page carrying a change of this node's own stream that the node does not hold identically: the node is
    /// the only writer of its stream, so such a change is a forgery (or a copy of the node's directory wrote it).
    /// Changes of it the node holds, with the same hash, may come back as duplicates.
    func checkNodeOrigin(_ changes: [Change], hashes: [String]) async throws {
        let own = changes.indices.filter { changes[$0].id.origin == store.replicaID }
        guard !own.isEmpty else { return }
        let held = try await store.contentHashes(of: own.map { changes[$0].id })
        for index in own where held[changes[index].id] != hashes[index] {
            let id = changes[index].id
            throw SyncRefusal(.originForbidden, "change \(index) of the page (seq \(id.seq) of scope '\(id.scope)') has origin \(id.origin.hex), "
                + "this node's own replica id, and is not a change this node wrote: only this node writes its own stream; nothing was applied")
        }
    }
}

extension SyncEndpoints {
    /// The form checks of a push's tips (protocol/SPEC.md, section 6, step 4) — else `bad_request`.
    static func checkedTips(_ tips: [WireTip], of changes: [Change]) throws(SyncRefusal) -> [SignedTip] {
        do { return try WireTip.checked(tips, of: changes) } catch { throw SyncRefusal.badRequest(error.message) }
    }

    /// The origins of a page whose keys this node bound (protocol/SPEC.md, section 5.3), and the page's tips of them,
    /// each verified with its origin's key; a tip that does not verify refuses the page with `forged_change`. Tips of
    /// origins with no key bound prove nothing here and are left out.
    func originProofs(_ changes: [Change], tips: [SignedTip]) async throws -> OriginProofs? {
        let origins = Set(changes.map(\.id.origin)).subtracting([store.replicaID])
        guard !origins.isEmpty else { return nil }
        let keys = try await store.tokens.boundPublicKeys(of: origins.map(\.hex))
        guard !keys.isEmpty || requireSigned else { return nil }
        var verified: [StreamKey: SignedTip] = [:]
        for tip in tips {
            guard let key = keys[tip.stream.origin.hex] else { continue }
            guard tip.verifies(publicKeyHex: key) else {
                throw SyncRefusal(.forgedChange, "the tip of replica \(tip.stream.origin)'s stream in scope '\(tip.stream.scope)' at seq \(tip.seq) "
                    + "is not signed by that replica's key (fingerprint \(ReplicaKey.fingerprint(publicKeyHex: key) ?? key)): only the replica "
                    + "itself signs its stream; nothing of the page was applied")
            }
            verified[tip.stream] = tip
        }
        // Under --require-signed every origin needs proof: one with no key bound here has none to give.
        return OriginProofs(keyedOrigins: requireSigned ? origins : Set(origins.filter { keys[$0.hex] != nil }), tips: verified)
    }
}
