import Foundation
import GRDB
import GradSyncCore

extension ReplicaStore {
    /// The chain digest of a stream at `seq` (protocol/SPEC.md, section 5.3), computed from the nearest digest noted at
    /// or below `seq` and the content hashes of the changes after it; nil when the stream is not held up to `seq`.
    func chain(_ db: Database, origin: Int64, scope: Scope, at seq: UInt64) throws -> StreamChain? {
        guard seq > 0 else { return .genesis }
        var from: UInt64 = 0
        var chain = StreamChain.genesis
        if let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT seq, chain FROM gs_stream_chain WHERE origin = ? AND scope = ? AND seq <= ? ORDER BY seq DESC LIMIT 1
            """), arguments: [origin, scope.name, Int64(bitPattern: seq)]) {
            from = UInt64(row[0] as Int64)
            chain = StreamChain(bytes: Array(row[1] as Data))
        }
        let hashes = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT seq, hash FROM gs_change WHERE origin = ? AND scope = ? AND seq > ? AND seq <= ? ORDER BY seq
            """), arguments: [origin, scope.name, Int64(bitPattern: from), Int64(bitPattern: seq)])
        var expected = from + 1
        while let row = try hashes.next() {
            guard UInt64(row[0] as Int64) == expected, chain.extend(contentHash: row[1]) else { return nil }
            expected += 1
        }
        return expected == seq + 1 ? chain : nil
    }

    /// Notes a stream's chain digest at `seq`, with the origin's signature when it is a signed tip (a signature once
    /// noted is kept).
    func noteChain(_ db: Database, origin: Int64, scope: Scope, seq: UInt64, chain: StreamChain, signature: String?) throws {
        try db.cachedStatement(sql: """
            INSERT INTO gs_stream_chain (origin, scope, seq, chain, signature) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (origin, scope, seq) DO UPDATE SET signature = coalesce(signature, excluded.signature)
            """).execute(arguments: [origin, scope.name, Int64(bitPattern: seq), Data(chain.bytes), signature])
    }

    /// The signed tips to send with a page of changes: for each stream of this replica's own, a tip at its last change
    /// in the page, signed now; for each stream it relays, the highest tip it holds whose seq falls within the stream's
    /// changes in the page (a tip it verified when it received the stream), none when it holds none there.
    ///
    /// `contentHashes`, when given, are the changes' content hashes in the same order (a `ChangeBatch` carries them):
    /// a stream of this replica's own is then chained from the digest noted before the page through them, not
    /// through the log.
    public func tips(for changes: [Change], contentHashes: [String] = []) async throws -> [SignedTip] {
        // This replica's own changes in the page with their hashes, by stream, when the hashes are given.
        var ownHashes: [StreamKey: [(seq: UInt64, hash: String)]] = [:]
        if contentHashes.count == changes.count {
            for (index, change) in changes.enumerated() where change.id.origin == replicaID {
                ownHashes[change.id.stream, default: []].append((change.id.seq, contentHashes[index]))
            }
        }
        let plan = Self.streamRanges(of: changes)
        guard !plan.isEmpty else { return [] }
        let (replicaID, key) = (self.replicaID, self.key)
        let own = ownHashes
        return try await writer.write { db in
            var tips: [SignedTip] = []
            for (stream, range) in plan {
                guard let origin = try self.existingOriginNumber(db, for: stream.origin) else { continue }
                if stream.origin == replicaID {
                    guard let chain = try self.ownChain(db, origin: origin, scope: stream.scope, range: range, hashes: own[stream])
                    else { continue }
                    let tip = SignedTip(signing: stream, seq: range.upperBound, chain: chain, with: key)
                    try self.noteChain(db, origin: origin, scope: stream.scope, seq: tip.seq, chain: chain, signature: tip.signature)
                    tips.append(tip)
                } else if let tip = try self.storedTip(db, stream, origin: origin, within: range) {
                    tips.append(tip)
                }
            }
            return tips
        }
    }

    /// Each stream of `changes` with the range of its seqs there, in the order the streams first appear.
    static func streamRanges(of changes: [Change]) -> [(stream: StreamKey, range: ClosedRange<UInt64>)] {
        var ranges: [StreamKey: ClosedRange<UInt64>] = [:]
        var order: [StreamKey] = []
        for change in changes {
            let key = change.id.stream
            if let range = ranges[key] {
                ranges[key] = min(range.lowerBound, change.id.seq)...max(range.upperBound, change.id.seq)
            } else {
                ranges[key] = change.id.seq...change.id.seq
                order.append(key)
            }
        }
        return order.map { ($0, ranges[$0]!) }
    }

    /// The highest signed tip this replica holds of a stream within `range`, if any.
    func storedTip(_ db: Database, _ stream: StreamKey, origin: Int64, within range: ClosedRange<UInt64>) throws -> SignedTip? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT seq, chain, signature FROM gs_stream_chain
            WHERE origin = ? AND scope = ? AND seq BETWEEN ? AND ? AND signature IS NOT NULL ORDER BY seq DESC LIMIT 1
            """), arguments: [origin, stream.scope.name, Int64(bitPattern: range.lowerBound), Int64(bitPattern: range.upperBound)]).map {
            SignedTip(stream: stream, seq: UInt64($0[0] as Int64), chain: StreamChain(bytes: Array($0[1] as Data)), signature: $0[2])
        }
    }

    /// The chain digest at the end of `range` of a stream: from the digest before the range through `hashes` when they
    /// are the range's changes in order (one SHA-256 each, no read of the log), else from the log.
    func ownChain(_ db: Database, origin: Int64, scope: Scope, range: ClosedRange<UInt64>,
                  hashes: [(seq: UInt64, hash: String)]?) throws -> StreamChain? {
        if let hashes, hashes.count == range.count, hashes.first?.seq == range.lowerBound,
           zip(hashes, hashes.dropFirst()).allSatisfy({ $0.seq + 1 == $1.seq }),
           var chain = try chain(db, origin: origin, scope: scope, at: range.lowerBound - 1) {
            for entry in hashes { guard chain.extend(contentHash: entry.hash) else { return nil } }
            return chain
        }
        return try chain(db, origin: origin, scope: scope, at: range.upperBound)
    }

    /// The signed tips this replica holds of a stream, lowest seq first.
    public func signedTips(of stream: StreamKey) async throws -> [SignedTip] {
        try await writer.read { db in
            guard let origin = try self.existingOriginNumber(db, for: stream.origin) else { return [] }
            return try Row.fetchAll(db.cachedStatement(sql: """
                SELECT seq, chain, signature FROM gs_stream_chain WHERE origin = ? AND scope = ? AND signature IS NOT NULL ORDER BY seq
                """), arguments: [origin, stream.scope.name]).map {
                SignedTip(stream: stream, seq: UInt64($0[0] as Int64), chain: StreamChain(bytes: Array($0[1] as Data)), signature: $0[2])
            }
        }
    }

    /// How far each stream of a keyed origin may grow with this page: up to its tip when the page's changes after what
    /// is held lead to it, else not at all (its new changes are dropped). Refuses the page when they lead to the tip's
    /// seq with another chain digest: the changes are not the ones the origin signed.
    ///
    /// Returns the limit of every keyed stream in the page, and the tips that proved something (to note once the page
    /// is stored).
    func provenLimits(_ db: Database, _ changes: [Change], contentHashes: [String]?, proofs: OriginProofs)
        throws -> (limits: [StreamKey: UInt64], proven: [SignedTip]) {
        var indices: [StreamKey: [Int]] = [:]
        var order: [StreamKey] = []
        for (index, change) in changes.enumerated() where proofs.keyedOrigins.contains(change.id.origin) {
            let key = change.id.stream
            if indices[key] == nil { order.append(key) }
            indices[key, default: []].append(index)
        }
        var limits: [StreamKey: UInt64] = [:]
        var proven: [SignedTip] = []
        for key in order {
            let origin = try originNumber(db, for: key.origin)
            let held = try storedSeq(db, origin: origin, scope: key.scope)
            if proofs.dropsUnproven { limits[key] = held }
            guard let tip = proofs.tips[key] else { continue }
            if tip.seq <= held {
                // A pulled page's tip over what this replica already holds: its chain is checked against the log.
                guard !proofs.dropsUnproven, let chain = try chain(db, origin: origin, scope: key.scope, at: tip.seq) else { continue }
                guard chain == tip.chain else { throw StoreError.forgedChange(key, seq: tip.seq) }
                proven.append(tip)
                continue
            }
            guard var chain = try chain(db, origin: origin, scope: key.scope, at: held) else {
                throw StoreError.incompatibleFormat("the change log does not hold the stream of \(key.origin) in scope '\(key.scope)' gap-free up to seq \(held)")
            }
            var next = held + 1
            for index in indices[key]! where changes[index].id.seq > held {
                guard changes[index].id.seq == next else { break }
                chain.extend(contentHash: contentHashes?[index] ?? changes[index].contentHash)
                if next == tip.seq {
                    guard chain == tip.chain else { throw StoreError.forgedChange(key, seq: tip.seq) }
                    if proofs.dropsUnproven { limits[key] = tip.seq }
                    proven.append(tip)
                    break
                }
                next += 1
            }
        }
        return (limits, proven)
    }
}

/// Whether a change in this replica's log is proven to be its origin's (protocol/SPEC.md, section 5.3): what
/// `graduate history` and the dashboard show beside each entry.
public enum ChangeProof: Sendable, Equatable {
    /// Written on this replica.
    case own
    /// A tip signed by the origin's key, which this replica bound at the origin's handshake, covers the change.
    case verified(ReplicaKeyBinding)
    /// Nothing here proves who wrote it: its origin's key is not bound here, or no verified tip covers it yet (a
    /// change taken before the origin's key was, or pulled from a node, which is trusted for it).
    case unverified
}

extension ReplicaStore {
    /// What proves each of `changes` to be its origin's, by change id.
    public func proofs(of changes: [Change]) throws -> [ChangeID: ChangeProof] {
        let streams = Set(changes.map(\.id.stream))
        let (signed, keys) = try writer.read { db -> ([StreamKey: UInt64], [String: ReplicaKeyBinding]) in
            var signed: [StreamKey: UInt64] = [:]
            var keys: [String: ReplicaKeyBinding] = [:]
            for stream in streams where stream.origin != self.replicaID {
                guard let binding = try Self.heldKey(db, stream.origin.hex) else { continue }
                keys[stream.origin.hex] = binding
                guard let origin = try self.existingOriginNumber(db, for: stream.origin) else { continue }
                if let seq = try Int64.fetchOne(db.cachedStatement(sql: """
                    SELECT max(seq) FROM gs_stream_chain WHERE origin = ? AND scope = ? AND signature IS NOT NULL
                    """), arguments: [origin, stream.scope.name]) {
                    signed[stream] = UInt64(seq)
                }
            }
            return (signed, keys)
        }
        var proofs: [ChangeID: ChangeProof] = [:]
        for change in changes {
            let id = change.id
            if id.origin == replicaID {
                proofs[id] = .own
            } else if let binding = keys[id.origin.hex], let through = signed[id.stream], id.seq <= through {
                proofs[id] = .verified(binding)
            } else {
                proofs[id] = .unverified
            }
        }
        return proofs
    }
}

/// A scope's log as evidence (protocol/SPEC.md, section 5.4): each stream's changes in seq order with the signed tips
/// this replica holds of it, and the keys it knows of their origins.
public struct AuditLog: Sendable {
    /// One stream: its changes from seq 1, each with its stored content hash, and its signed tips.
    public struct Stream: Sendable {
        public var stream: StreamKey
        public var changes: [(change: Change, hash: String)]
        public var tips: [SignedTip]
    }
    /// A public key this replica knows: its own, or one bound at a client's handshake.
    public struct Key: Sendable {
        public var replicaID: ReplicaID
        public var publicKey: String
        /// The binding (nil for this replica's own key).
        public var binding: ReplicaKeyBinding?
    }
    public var streams: [Stream]
    public var keys: [Key]
}

extension ReplicaStore {
    /// The log of `scope` with its signed tips and the keys of its origins, read in one transaction.
    public func auditLog(of scope: Scope) throws -> AuditLog {
        try writer.read { db in
            var streams: [AuditLog.Stream] = []
            var keys: [AuditLog.Key] = []
            let origins = try Row.fetchAll(db, sql: """
                SELECT o.id, o.replica_id FROM gs_vector v JOIN gs_origin o ON o.id = v.origin WHERE v.scope = ? ORDER BY o.replica_id
                """, arguments: [scope.name])
            for row in origins {
                let number: Int64 = row[0]
                guard let origin = ReplicaID(hex: row[1]) else { continue }
                let stream = StreamKey(origin: origin, scope: scope)
                let changes = try Row.fetchAll(db, sql: """
                    SELECT \(Self.changeColumns), c.hash FROM gs_change c WHERE c.origin = ? AND c.scope = ? ORDER BY c.seq
                    """, arguments: [number, scope.name]).map { (try self.decodeChange(db, $0), $0[12] as String) }
                var tips = try Row.fetchAll(db, sql: """
                    SELECT seq, chain, signature FROM gs_stream_chain WHERE origin = ? AND scope = ? AND signature IS NOT NULL ORDER BY seq
                    """, arguments: [number, scope.name]).map {
                    SignedTip(stream: stream, seq: UInt64($0[0] as Int64), chain: StreamChain(bytes: Array($0[1] as Data)), signature: $0[2])
                }
                // This replica's own stream is signed to its end now: the export proves everything it wrote itself.
                if origin == self.replicaID, let last = changes.last?.0.id.seq, tips.last?.seq ?? 0 < last,
                   let chain = try self.chain(db, origin: number, scope: scope, at: last) {
                    tips.append(SignedTip(signing: stream, seq: last, chain: chain, with: self.key))
                }
                streams.append(AuditLog.Stream(stream: stream, changes: changes, tips: tips))
                if origin == self.replicaID {
                    keys.append(AuditLog.Key(replicaID: origin, publicKey: self.key.publicKeyHex, binding: nil))
                } else if let binding = try Self.heldKey(db, origin.hex) {
                    keys.append(AuditLog.Key(replicaID: origin, publicKey: binding.publicKey, binding: binding))
                }
            }
            return AuditLog(streams: streams, keys: keys)
        }
    }
}
