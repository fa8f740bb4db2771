import GRDB
import GradSyncCore

/// A client replica's public key as a serving node bound it (see `TokenRegistry.bindReplicaKey`).
public struct ReplicaKeyBinding: Sendable, Equatable {
    /// The client replica's id (lower-case hex).
    public var replicaID: String
    /// Its public key, 64 lowercase hex digits.
    public var publicKey: String
    /// The scope of the token of its first verified handshake.
    public var scope: String
    /// The token of its last verified handshake, and that token's label.
    public var tokenID: String
    public var tokenLabel: String?
    /// When the key was bound, and when a handshake last proved it, Unix milliseconds.
    public var boundAtMilliseconds: UInt64
    public var lastVerifiedMilliseconds: UInt64
    /// For a key learned from a node rather than bound at a handshake here: the node that named it (its URL), with
    /// `tokenID` empty and the scope, label and binding time as that node reported them.
    public var learnedFrom: String?

    /// A binding as a node reports it, or as it is read back.
    public init(replicaID: String, publicKey: String, scope: String, tokenID: String, tokenLabel: String?, boundAtMilliseconds: UInt64,
                lastVerifiedMilliseconds: UInt64, learnedFrom: String? = nil) {
        self.replicaID = replicaID
        self.publicKey = publicKey
        self.scope = scope
        self.tokenID = tokenID
        self.tokenLabel = tokenLabel
        self.boundAtMilliseconds = boundAtMilliseconds
        self.lastVerifiedMilliseconds = lastVerifiedMilliseconds
        self.learnedFrom = learnedFrom
    }

    /// The token's label, else its id; for a key a node named without either (SPEC 7), "中心节点" for the central
    /// node's own key (its scope is `*`), else "未具名".
    public var holderName: String {
        if let tokenLabel, !tokenLabel.isEmpty { return tokenLabel }
        if !tokenID.isEmpty { return tokenID }
        return scope == "*" ? "中心节点" : "未具名"
    }

    /// The binding's scope for people: a department code, or "全校" for the central node's (`*`).
    public var scopeName: String { scope == "*" ? "全校" : scope }

    /// The key's fingerprint, as `gradsync status` shows it on the replica itself.
    public var fingerprint: String { ReplicaKey.fingerprint(publicKeyHex: publicKey) ?? publicKey }
}

/// What a node makes of the key a handshake presents for a replica id.
public enum ReplicaKeyClaim: Sendable, Equatable {
    /// No key is bound to the id and none was presented (a client that predates keys).
    case unkeyed
    /// The presented key is the bound one (or is bound now, at the id's first verified handshake).
    case verified(ReplicaKeyBinding)
    /// A key is bound to the id and the handshake presented none: an unsigned claim of a keyed replica.
    case unsigned(ReplicaKeyBinding)
    /// A key is bound to the id and the handshake presented another.
    case otherKey(ReplicaKeyBinding)
    /// The key is the bound one but the token is of another scope than the binding's.
    case otherScope(ReplicaKeyBinding)
}

extension TokenRegistry {
    /// The key bound to a client replica id, if any.
    public func replicaKey(_ replicaID: String) async throws -> ReplicaKeyBinding? {
        try await writer.read { db in try Self.keyBinding(db, replicaID) }
    }

    /// The public keys bound to those of `replicaIDs` that have one, by replica id (lower-case hex).
    public func boundPublicKeys(of replicaIDs: [String]) async throws -> [String: String] {
        guard !replicaIDs.isEmpty else { return [:] }
        return try await writer.read { db in
            var keys: [String: String] = [:]
            for id in replicaIDs {
                if let key = try String.fetchOne(db.cachedStatement(sql: "SELECT public_key FROM gs_replica_key WHERE replica_id = ?"),
                                                 arguments: [id]) {
                    keys[id] = key
                }
            }
            return keys
        }
    }

    /// Every client replica key this node bound, by replica id.
    public func replicaKeys() throws -> [String: ReplicaKeyBinding] {
        try writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: Self.keySelect)).map { (($0[0] as String), Self.keyBinding($0)) })
        }
    }

    /// Compares the key a handshake presents (already verified by its signature, or nil) with the one bound to the id;
    /// with `bind`, binds an unbound id to a presented key and notes the token of a verified handshake. Only a
    /// `.verified` answer writes anything.
    ///
    /// A handshake of a bound replica with its own key and token takes the write lock only to note the time, at most
    /// once a minute (as a token's use is noted): a sync with nothing new never queues behind other replicas' pages.
    public func claimReplicaKey(_ replicaID: String, publicKey: String?, token: TokenInfo, bind: Bool) async throws -> ReplicaKeyClaim {
        let now = Int64(wallClock())
        if bind, let bound = try await replicaKey(replicaID), bound.publicKey == publicKey, bound.scope == token.scope.description,
           bound.tokenID == token.id, bound.tokenLabel == token.label, Int64(bound.lastVerifiedMilliseconds) >= now - 60_000 {
            return .verified(bound)
        }
        let decide: @Sendable (Database) throws -> ReplicaKeyClaim = { db in
            guard let bound = try Self.keyBinding(db, replicaID) else {
                guard let publicKey else { return .unkeyed }
                // A key this replica pinned for the id from a node it pulls from (SPEC 7): another key is no more the
                // replica's here than at that node.
                if let pinned = try ReplicaStore.heldKey(db, replicaID), pinned.publicKey != publicKey { return .otherKey(pinned) }
                let binding = ReplicaKeyBinding(replicaID: replicaID, publicKey: publicKey, scope: token.scope.description, tokenID: token.id,
                                                tokenLabel: token.label, boundAtMilliseconds: UInt64(now), lastVerifiedMilliseconds: UInt64(now))
                if bind {
                    try db.execute(sql: """
                        INSERT INTO gs_replica_key (replica_id, public_key, scope, token_id, token_label, bound_at_ms, last_verified_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [replicaID, publicKey, binding.scope, token.id, token.label, now, now])
                }
                return .verified(binding)
            }
            guard let publicKey else { return .unsigned(bound) }
            guard publicKey == bound.publicKey else { return .otherKey(bound) }
            guard token.scope.description == bound.scope else { return .otherScope(bound) }
            var verified = bound
            if bind {
                try db.execute(sql: "UPDATE gs_replica_key SET token_id = ?, token_label = ?, last_verified_ms = ? WHERE replica_id = ?",
                               arguments: [token.id, token.label, now, replicaID])
                verified.tokenID = token.id
                verified.tokenLabel = token.label
                verified.lastVerifiedMilliseconds = UInt64(now)
            }
            return .verified(verified)
        }
        return bind ? try await writer.write(decide) : try await writer.read(decide)
    }

    static let keySelect = "SELECT replica_id, public_key, scope, token_id, token_label, bound_at_ms, last_verified_ms FROM gs_replica_key"

    static func keyBinding(_ db: Database, _ replicaID: String) throws -> ReplicaKeyBinding? {
        try Row.fetchOne(db, sql: "\(keySelect) WHERE replica_id = ?", arguments: [replicaID]).map(keyBinding)
    }

    static func keyBinding(_ row: Row) -> ReplicaKeyBinding {
        ReplicaKeyBinding(replicaID: row[0], publicKey: row[1], scope: row[2], tokenID: row[3], tokenLabel: row[4],
                          boundAtMilliseconds: UInt64(row[5] as Int64), lastVerifiedMilliseconds: UInt64(row[6] as Int64))
    }
}
