import Foundation
import GRDB
import GradSyncCore

/// The stream tips a node serves with a pulled page, and the keys of their origins (protocol/SPEC.md, section 7).
public struct ServedTips: Sendable {
    /// For each stream of the page: the node's own stream signed at its last change in the page; another stream's
    /// highest stored tip within its changes in the page, when the node holds one there.
    public var tips: [SignedTip]
    /// The public key of each tip's origin, with where the node got it (its own, bound at a handshake, or learned
    /// from the node it pulls from).
    public var keys: [ReplicaKeyBinding]
    /// The tips of this replica's own streams signed for the page whose chain was computed over more than
    /// `ReplicaStore.chainNoteDistance` changes: worth noting (`noteOwnTips`), so the next page's is computed from there.
    public var signedHere: [SignedTip] = []
}

extension ReplicaStore {
    /// The key this replica holds for an origin: bound at a handshake here (serving it), else pinned when a node named it.
    static func heldKey(_ db: Database, _ replicaID: String) throws -> ReplicaKeyBinding? {
        if let bound = try TokenRegistry.keyBinding(db, replicaID) { return bound }
        return try Row.fetchOne(db.cachedStatement(sql: """
            SELECT replica_id, public_key, scope, token_label, bound_at_ms, learned_from, learned_at_ms FROM gs_origin_key WHERE replica_id = ?
            """), arguments: [replicaID]).map {
            ReplicaKeyBinding(replicaID: $0[0], publicKey: $0[1], scope: ($0[2] as String?) ?? "", tokenID: "", tokenLabel: $0[3],
                              boundAtMilliseconds: UInt64(($0[4] as Int64?) ?? 0), lastVerifiedMilliseconds: UInt64($0[6] as Int64),
                              learnedFrom: $0[5])
        }
    }

    /// This replica's own key as a binding: what it names for itself when it serves its stream.
    var ownKeyBinding: ReplicaKeyBinding {
        ReplicaKeyBinding(replicaID: replicaID.hex, publicKey: key.publicKeyHex, scope: scope.description, tokenID: "", tokenLabel: nil,
                          boundAtMilliseconds: 0, lastVerifiedMilliseconds: 0)
    }

    /// The tips to serve with a pulled page of `changes`, and their origins' keys, read in one transaction (this
    /// replica's own stream is signed now; nothing is written).
    public func servedTips(for changes: [Change]) throws -> ServedTips {
        let plan = Self.streamRanges(of: changes)
        guard !plan.isEmpty else { return ServedTips(tips: [], keys: []) }
        return try writer.read { db in
            var served = ServedTips(tips: [], keys: [])
            var named: Set<ReplicaID> = []
            for (stream, range) in plan {
                guard let origin = try self.existingOriginNumber(db, for: stream.origin) else { continue }
                let tip: SignedTip
                if stream.origin == self.replicaID {
                    guard let chain = try self.chain(db, origin: origin, scope: stream.scope, at: range.upperBound) else { continue }
                    tip = SignedTip(signing: stream, seq: range.upperBound, chain: chain, with: self.key)
                    if range.upperBound - (try self.notedChainSeq(db, origin: origin, scope: stream.scope, atOrBelow: range.upperBound))
                        > Self.chainNoteDistance {
                        served.signedHere.append(tip)
                    }
                } else if let stored = try self.storedTip(db, stream, origin: origin, within: range) {
                    tip = stored
                } else {
                    continue
                }
                let binding = stream.origin == self.replicaID ? self.ownKeyBinding : try Self.heldKey(db, stream.origin.hex)
                // A stored tip was verified with a key held here; without it (never, short of a damaged file) the tip is not served.
                guard let binding else { continue }
                served.tips.append(tip)
                if named.insert(stream.origin).inserted { served.keys.append(binding) }
            }
            return served
        }
    }

    /// How many changes of its own stream a node chains through for a served tip before the digest is worth a write
    /// to note: below it, the read is cheaper than queueing behind the pushes for the writer.
    static let chainNoteDistance: UInt64 = 4_096

    /// The highest seq at or below `seq` where the stream's chain is noted (0: none, the chain starts at seq 1).
    func notedChainSeq(_ db: Database, origin: Int64, scope: Scope, atOrBelow seq: UInt64) throws -> UInt64 {
        UInt64(try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT max(seq) FROM gs_stream_chain WHERE origin = ? AND scope = ? AND seq <= ?
            """), arguments: [origin, scope.name, Int64(bitPattern: seq)]) ?? 0)
    }

    /// Notes the chain digests (and signatures) of tips of this replica's own streams signed while serving pages.
    public func noteOwnTips(_ tips: [SignedTip]) async throws {
        guard !tips.isEmpty else { return }
        try await writer.write { db in
            for tip in tips where tip.stream.origin == self.replicaID {
                guard let origin = try self.existingOriginNumber(db, for: tip.stream.origin) else { continue }
                try self.noteChain(db, origin: origin, scope: tip.stream.scope, seq: tip.seq, chain: tip.chain, signature: tip.signature)
            }
        }
    }

    /// Applies a page pulled from a node with the tips and keys it served (protocol/SPEC.md, section 7).
    ///
    /// Every key the node names is compared with the one held for that origin (its own, bound at a handshake here,
    /// or pinned before): another key refuses the page (`originKeyMismatch`); a key not held yet is pinned with the
    /// page. Each tip of an origin whose key is then held must verify with it (else `forgedTip`), and its chain must
    /// be the one this replica's log and the page give at its seq (else `forgedChange`); tips of origins with no key
    /// are left aside. Nothing is dropped for want of a tip: the node is trusted to deliver, and a change stays
    /// unverified (`proofs(of:)`) until a verified tip covers it. Nothing of a refused page is applied.
    @discardableResult
    public func applyPulled(_ changes: [Change], contentHashes: [String], tips: [SignedTip], keys: [ReplicaKeyBinding],
                            from source: String) async throws -> ApplyResult {
        precondition(changes.count == contentHashes.count, "one content hash per change")
        guard !tips.isEmpty || !keys.isEmpty else { return try await applyAsync(changes, contentHashes: contentHashes) }
        try precheck(changes)
        let origins = Set(tips.map(\.stream.origin)).union(keys.compactMap { ReplicaID(hex: $0.replicaID) })
        let held = try await writer.read { db -> [ReplicaID: ReplicaKeyBinding] in
            var held: [ReplicaID: ReplicaKeyBinding] = [:]
            for origin in origins {
                if origin == self.replicaID {
                    held[origin] = self.ownKeyBinding
                } else if let binding = try Self.heldKey(db, origin.hex) {
                    held[origin] = binding
                }
            }
            return held
        }
        var known = held.mapValues(\.publicKey)
        var pins: [ReplicaKeyBinding] = []
        for named in keys {
            guard let origin = ReplicaID(hex: named.replicaID) else { continue }
            if let mine = known[origin] {
                guard mine == named.publicKey else {
                    let source = held[origin].map { binding in
                        binding.learnedFrom.map { "pinned when \($0) named it" } ?? (origin == replicaID ? "its own key" : "bound at its handshake here")
                    } ?? "named earlier in this page"
                    throw StoreError.originKeyMismatch(origin: origin, held: mine, named: named.publicKey, source: source)
                }
            } else {
                known[origin] = named.publicKey
                pins.append(named)
            }
        }
        var verified: [StreamKey: SignedTip] = [:]
        for tip in tips {
            guard let key = known[tip.stream.origin] else { continue }
            guard tip.verifies(publicKeyHex: key) else { throw StoreError.forgedTip(tip.stream, seq: tip.seq, publicKey: key) }
            verified[tip.stream] = tip
        }
        let proofs = OriginProofs(keyedOrigins: Set(verified.keys.map(\.origin)), tips: verified, dropsUnproven: false)
        let pinned = pins
        let now = wallClock()
        try await registerOriginsAsync(Set(changes.map(\.id.origin)))
        return try await writer.write { db in
            for pin in pinned {
                try db.cachedStatement(sql: """
                    INSERT INTO gs_origin_key (replica_id, public_key, scope, token_label, bound_at_ms, learned_from, learned_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (replica_id) DO NOTHING
                    """).execute(arguments: [pin.replicaID, pin.publicKey, pin.scope.isEmpty ? nil : pin.scope, pin.tokenLabel,
                                             pin.boundAtMilliseconds == 0 ? nil : Int64(clamping: pin.boundAtMilliseconds), source, Int64(clamping: now)])
                // Another sync may have pinned a key meanwhile: the first one pinned stands.
                if let stored = try Self.heldKey(db, pin.replicaID), stored.publicKey != pin.publicKey, let origin = ReplicaID(hex: pin.replicaID) {
                    throw StoreError.originKeyMismatch(origin: origin, held: stored.publicKey, named: pin.publicKey,
                                                       source: stored.learnedFrom.map { "pinned when \($0) named it" } ?? "bound at its handshake here")
                }
            }
            return try self.applyChecked(db, changes, contentHashes: contentHashes, proofs: proofs)
        }
    }
}
