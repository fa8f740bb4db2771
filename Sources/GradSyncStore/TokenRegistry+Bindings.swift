import GRDB
import GradSyncCore

/// Whether a token may speak for a replica id at a serving node.
public enum ReplicaClaim: Sendable, Equatable {
    /// The id was bound to this token already, or is bound to it now (its first sync with this node).
    case held
    /// The id was bound to a token since revoked, of the same scope; it is bound to this one now.
    case moved(fromTokenID: String)
    /// The id is bound to another live token (or to a revoked one of another scope); the token may not use it.
    case refused(boundTokenID: String)
}

extension TokenRegistry {
    /// Binds a client replica id to the token that first syncs with it, or says whether `token` may use it.
    ///
    /// A replica id stays bound to its first token, so that one department's token cannot rewrite another replica's
    /// sync health. The binding moves only when the bound token has been revoked and the new token has the same
    /// scope: a laptop whose token is revoked and reissued keeps syncing under its own id. With `bind` false (pull,
    /// push) nothing is written: an unbound id is allowed and stays unbound until a handshake.
    public func claimReplica(_ replicaID: String, token: TokenInfo, bind: Bool) async throws -> ReplicaClaim {
        let bound = try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT token_id FROM gs_replica_binding WHERE replica_id = ?", arguments: [replicaID])
        }
        if bound == token.id || (bound == nil && !bind) { return .held }
        let now = Int64(wallClock())
        return try await writer.write { db in
            guard let bound = try String.fetchOne(db, sql: "SELECT token_id FROM gs_replica_binding WHERE replica_id = ?",
                                                  arguments: [replicaID]) else {
                try db.execute(sql: "INSERT INTO gs_replica_binding (replica_id, token_id, bound_at_ms) VALUES (?, ?, ?)",
                               arguments: [replicaID, token.id, now])
                return .held
            }
            if bound == token.id { return .held }
            let old = try Row.fetchOne(db, sql: "SELECT scope, revoked_at_ms FROM gs_token WHERE id = ?", arguments: [bound])
            let oldRevoked = old.map { ($0[1] as Int64?) != nil } ?? true
            let sameScope = old.map { ($0[0] as String) == token.scope.description } ?? true
            guard bind, oldRevoked, sameScope else { return .refused(boundTokenID: bound) }
            try db.execute(sql: "UPDATE gs_replica_binding SET token_id = ?, bound_at_ms = ? WHERE replica_id = ?",
                           arguments: [token.id, now, replicaID])
            return .moved(fromTokenID: bound)
        }
    }

    /// The token each client replica id is bound to (see `claimReplica`).
    public func replicaBindings() throws -> [String: String] {
        try writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT replica_id, token_id FROM gs_replica_binding")
                .map { ($0[0] as String, $0[1] as String) })
        }
    }
}
