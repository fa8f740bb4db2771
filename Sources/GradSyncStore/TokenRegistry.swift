import Crypto
import GRDB
import GradSyncCore

/// A bearer token this node issued (never its secret).
public struct TokenInfo: Sendable, Equatable {
    /// The public part of the token, used to list and revoke it.
    public var id: String
    /// What the token may read and write.
    public var scope: ReplicaScope
    /// A note saying whom it was issued to.
    public var label: String?
    /// When it was issued, Unix milliseconds.
    public var createdAtMilliseconds: UInt64
    /// When it was revoked, if it was.
    public var revokedAtMilliseconds: UInt64?
    /// When it was last used, if ever.
    public var lastUsedMilliseconds: UInt64?
}

/// Why a token operation was refused.
public enum TokenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The scope is outside what this node may grant.
    case scopeNotGrantable(requested: ReplicaScope, node: ReplicaScope)
    /// No token has this id.
    case unknownToken(String)

    /// A sentence naming what was refused and why.
    public var description: String {
        switch self {
        case .scopeNotGrantable(let requested, let node):
            return "this node (scope '\(node)') cannot issue a token for scope '\(requested)': a department node issues tokens only for its own department"
        case .unknownToken(let id):
            return "no token with id '\(id)'"
        }
    }
}

/// The bearer tokens a serving node issued, and the client replica ids bound to them (`store.tokens`).
///
/// A view over the store's database: it shares the store's pool, scope and wall clock, and holds nothing else.
public struct TokenRegistry: Sendable {
    let writer: DatabasePool
    /// The node's scope, which bounds what it may grant.
    let scope: ReplicaScope
    let wallClock: @Sendable () -> UInt64

    /// Issues a token for `scope` and returns it with its secret, which is shown once and stored only as a hash.
    ///
    /// The token reads `gs1.<id>.<secret>`; a department node may issue tokens only for its own department.
    public func issue(scope requested: ReplicaScope, label: String? = nil) throws -> (info: TokenInfo, token: String) {
        switch (scope, requested) {
        case (.central, _): break
        case (.department(let own), .department(let wanted)) where own == wanted: break
        default: throw TokenError.scopeNotGrantable(requested: requested, node: scope)
        }
        let id = Self.randomHex(bytes: 8)
        let secret = Self.randomHex(bytes: 32)
        let now = wallClock()
        try writer.write { db in
            try db.execute(sql: "INSERT INTO gs_token (id, secret_sha256, scope, label, created_at_ms) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, Self.sha256Hex(secret), requested.description, label, Int64(now)])
        }
        let info = TokenInfo(id: id, scope: requested, label: label, createdAtMilliseconds: now)
        return (info, "gs1.\(id).\(secret)")
    }

    /// Every token issued, newest first.
    public func all() throws -> [TokenInfo] {
        try writer.read { db in try Self.readAll(db) }
    }

    /// Every token issued, newest first, from an async context.
    public func allAsync() async throws -> [TokenInfo] {
        try await writer.read { db in try Self.readAll(db) }
    }

    static func readAll(_ db: Database) throws -> [TokenInfo] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, scope, label, created_at_ms, revoked_at_ms, last_used_ms FROM gs_token ORDER BY created_at_ms DESC, id"))
            .map(Self.tokenInfo)
    }

    /// Revokes a token; later requests with it are refused.
    public func revoke(id: String) throws {
        let changed = try writer.write { db in
            try db.execute(sql: "UPDATE gs_token SET revoked_at_ms = coalesce(revoked_at_ms, ?) WHERE id = ?", arguments: [Int64(wallClock()), id])
            return db.changesCount
        }
        if changed == 0 { throw TokenError.unknownToken(id) }
    }

    /// The token a bearer string names, when it exists, is not revoked and its secret matches (compared in constant time).
    public func authenticate(bearer: String) async throws -> TokenInfo? {
        let parts = bearer.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "gs1", parts[1].utf8.count == 16, parts[2].utf8.count == 64 else { return nil }
        let id = String(parts[1])
        let presented = Array(Self.sha256Hex(String(parts[2])).utf8)
        let now = Int64(wallClock())
        // Checked from a read: a sync request never queues for the one write lock behind other replicas' pages,
        // and a good token takes it only to note its use, at most once a minute. The closure's type is spelled out
        // so that this is GRDB's async read: a read whose result is not Sendable (a `Row`) silently becomes the
        // blocking one, which under many concurrent syncs fills the cooperative pool and wedges the node.
        let check: @Sendable (Database) throws -> TokenInfo? = { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, scope, label, created_at_ms, revoked_at_ms, last_used_ms, secret_sha256 FROM gs_token WHERE id = ?
                """, arguments: [id]) else { return nil }
            let stored = Array((row[6] as String).utf8)
            guard Self.constantTimeEqual(stored, presented), row[4] as Int64? == nil else { return nil }
            return try Self.tokenInfo(row)
        }
        guard let info = try await writer.read(check) else { return nil }
        if Int64(info.lastUsedMilliseconds ?? 0) < now - 60_000 {
            // `revoked_at_ms IS NULL`: a revocation committed since the read ends the token now, not a minute later.
            let note: @Sendable (Database) throws -> Bool = { db in
                try db.execute(sql: "UPDATE gs_token SET last_used_ms = ? WHERE id = ? AND revoked_at_ms IS NULL", arguments: [now, id])
                return db.changesCount > 0
            }
            guard try await writer.write(note) else { return nil }
        }
        return info
    }

    /// The token of this id, when one is stored.
    static func readToken(_ db: Database, id: String) throws -> TokenInfo? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT id, scope, label, created_at_ms, revoked_at_ms, last_used_ms FROM gs_token WHERE id = ?"),
                         arguments: [id]).map(Self.tokenInfo)
    }

    static func tokenInfo(_ row: Row) throws -> TokenInfo {
        TokenInfo(id: row[0], scope: try ReplicaScope(parsing: row[1]), label: row[2],
                  createdAtMilliseconds: UInt64(row[3] as Int64), revokedAtMilliseconds: (row[4] as Int64?).map(UInt64.init),
                  lastUsedMilliseconds: (row[5] as Int64?).map(UInt64.init))
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    /// Bytes as lowercase hex digits, two a byte: written by table, since every dashboard request hashes its
    /// session id and `String(format:)` a byte cost more than the hash.
    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
