import GradSyncCore

/// One entry of a version vector on the wire: the highest gap-free seq held of a stream.
public struct WireVectorEntry: Codable, Sendable, Equatable {
    public var origin: String
    public var scope: String
    public var seq: UInt64
    /// The content hash of the change at `seq` (the stream's tip), so a forked stream is caught at the handshake.
    public var hash: String?

    public init(origin: String, scope: String, seq: UInt64, hash: String? = nil) {
        self.origin = origin
        self.scope = scope
        self.seq = seq
        self.hash = hash
    }
}

/// A change on the wire. `hlc` is `"<milliseconds>.<counter>"` so no JSON reader loses precision.
public struct WireChange: Codable, Sendable, Equatable {
    public var origin: String
    public var scope: String
    public var seq: UInt64
    public var hlc: String
    public var collection: String
    public var key: String
    public var field: String
    public var value: FieldValue
    public var bases: [String]
    public var seen: [String]?
    public var author: String
    /// SHA-256 of the change's canonical text, lowercase hex. Absent in a digest page, whose `digest` covers every change.
    public var hash: String?
}

/// The first message of a sync: who the client is, what it holds, and its wall clock.
public struct HandshakeRequest: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var replicaID: String
    public var scope: String
    public var vector: [WireVectorEntry]
    public var clockMilliseconds: UInt64
    /// The client replica's Ed25519 public key, 64 lowercase hex digits; absent from clients that predate keys.
    public var publicKey: String?
    /// The key's signature of `HandshakeSignature.text` for this request, 128 lowercase hex digits; with `publicKey`.
    public var signature: String?

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol", replicaID = "replica_id", scope, vector, clockMilliseconds = "clock_ms"
        case publicKey = "public_key", signature
    }

    public init(protocolVersion: Int = WireProtocol.version, replicaID: String, scope: String, vector: [WireVectorEntry], clockMilliseconds: UInt64,
                publicKey: String? = nil, signature: String? = nil) {
        self.protocolVersion = protocolVersion
        self.replicaID = replicaID
        self.scope = scope
        self.vector = vector
        self.clockMilliseconds = clockMilliseconds
        self.publicKey = publicKey
        self.signature = signature
    }
}

/// The server's answer: who it is, the scope both sides share under this token, what it holds there, and its clock.
public struct HandshakeResponse: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var replicaID: String
    public var scope: String
    /// The scope the sync covers: the intersection of the server's, the client's and the token's.
    public var sharedScope: String
    public var vector: [WireVectorEntry]
    public var clockMilliseconds: UInt64
    public var maxDriftMilliseconds: UInt64
    public var maxPageChanges: Int
    public var maxBodyBytes: Int
    /// Whether the node accepts pushed changes of the `shared` scope from this token (only central tokens may write it).
    public var acceptsShared: Bool
    /// Present when the two wall clocks differ by more than the allowed drift.
    public var warnings: [WireWarning]
    /// `true` when the node accepts and serves digest pages (changes without `hash`, one `digest` per page); absent from older nodes.
    public var pageDigest: Bool?
    /// `true` when the node reads a pull request's `from` as where the page starts; absent from older nodes.
    public var pullFrom: Bool?
    /// `true` when the node reads a push's `tips` (protocol/SPEC.md, section 5.3); absent from a node that does not.
    public var streamTips: Bool?
    /// Present when the node serves snapshots (`POST /v1/sync/snapshot`): a client holding nothing of the shared scope
    /// that lacks at least this many changes of it should bootstrap from a snapshot; absent from older nodes.
    public var snapshotMinChanges: UInt64?

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol", replicaID = "replica_id", scope, sharedScope = "shared_scope", vector
        case clockMilliseconds = "clock_ms", maxDriftMilliseconds = "max_drift_ms", maxPageChanges = "max_page_changes"
        case maxBodyBytes = "max_body_bytes", acceptsShared = "accepts_shared", warnings, pageDigest = "page_digest"
        case pullFrom = "pull_from", snapshotMinChanges = "snapshot_min_changes", streamTips = "stream_tips"
    }

    public init(protocolVersion: Int, replicaID: String, scope: String, sharedScope: String, vector: [WireVectorEntry],
                clockMilliseconds: UInt64, maxDriftMilliseconds: UInt64, maxPageChanges: Int, maxBodyBytes: Int, acceptsShared: Bool,
                warnings: [WireWarning], pageDigest: Bool? = nil, pullFrom: Bool? = nil, snapshotMinChanges: UInt64? = nil,
                streamTips: Bool? = nil) {
        self.streamTips = streamTips
        self.pageDigest = pageDigest
        self.pullFrom = pullFrom
        self.snapshotMinChanges = snapshotMinChanges
        self.acceptsShared = acceptsShared
        self.protocolVersion = protocolVersion
        self.replicaID = replicaID
        self.scope = scope
        self.sharedScope = sharedScope
        self.vector = vector
        self.clockMilliseconds = clockMilliseconds
        self.maxDriftMilliseconds = maxDriftMilliseconds
        self.maxPageChanges = maxPageChanges
        self.maxBodyBytes = maxBodyBytes
        self.warnings = warnings
    }
}

/// A warning the server passes to the client (e.g. `clock_suspect`).
public struct WireWarning: Codable, Sendable, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Asks for a snapshot of the shared scope (every change of it, protocol/SPEC.md section 15) instead of pages.
public struct SnapshotRequest: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    /// The asking replica, as in a pull.
    public var replicaID: String
    /// The asking replica's scope; the snapshot holds node ∩ token ∩ this.
    public var scope: String

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol", replicaID = "replica_id", scope
    }

    public init(protocolVersion: Int = WireProtocol.version, replicaID: String, scope: String) {
        self.protocolVersion = protocolVersion
        self.replicaID = replicaID
        self.scope = scope
    }
}

/// Asks for a page of the changes the client lacks.
public struct PullRequest: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var replicaID: String
    public var scope: String
    public var vector: [WireVectorEntry]
    public var limit: Int?
    /// `true` asks for a digest page: changes without `hash` and the page's `digest` (only of a node whose handshake offered it).
    public var pageDigest: Bool?
    /// Where the page starts when it is not `vector`: the vector the client will hold once the page it is still
    /// applying commits, so the node prepares the next page meanwhile (only of a node whose handshake offered it).
    /// `vector` stays what the client holds now.
    public var from: [WireVectorEntry]?
    /// `true` asks for the page's stream tips and their origins' keys (only of a node whose handshake said
    /// `stream_tips: true`; protocol/SPEC.md, section 7).
    public var streamTips: Bool?

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol", replicaID = "replica_id", scope, vector, limit, pageDigest = "page_digest", from
        case streamTips = "stream_tips"
    }

    public init(protocolVersion: Int = WireProtocol.version, replicaID: String, scope: String, vector: [WireVectorEntry], limit: Int?,
                pageDigest: Bool? = nil, from: [WireVectorEntry]? = nil, streamTips: Bool? = nil) {
        self.streamTips = streamTips
        self.pageDigest = pageDigest
        self.from = from
        self.protocolVersion = protocolVersion
        self.replicaID = replicaID
        self.scope = scope
        self.vector = vector
        self.limit = limit
    }
}

/// A page of changes, in the server's storage order.
public struct PullResponse: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var changes: [WireChange]
    public var hasMore: Bool
    /// In a digest page: SHA-256 over the raw content hashes of `changes`, in order (the changes then carry no `hash`).
    public var digest: String?
    /// For a request with `stream_tips: true`: the page's stream tips, at most one a stream, each within its stream's
    /// changes in the page (protocol/SPEC.md, section 7).
    public var tips: [WireTip]?
    /// With `tips`: the public key of each tip's origin, as the node holds it.
    public var keys: [WireOriginKey]?

    enum CodingKeys: String, CodingKey { case protocolVersion = "protocol", changes, hasMore = "has_more", digest, tips, keys }

    public init(protocolVersion: Int, changes: [WireChange], hasMore: Bool, digest: String? = nil, tips: [WireTip]? = nil,
                keys: [WireOriginKey]? = nil) {
        self.protocolVersion = protocolVersion
        self.changes = changes
        self.hasMore = hasMore
        self.digest = digest
        self.tips = tips
        self.keys = keys
    }
}

/// An origin's public key as a node names it with a pulled page's tips (protocol/SPEC.md, section 7).
public struct WireOriginKey: Codable, Sendable, Equatable {
    /// The origin, 32 lowercase hex digits.
    public var replicaID: String
    /// Its Ed25519 public key, 64 lowercase hex digits.
    public var publicKey: String
    /// The scope and label of the token the node bound the key under, and when (absent for the node's own key).
    public var scope: String?
    public var tokenLabel: String?
    public var boundAtMilliseconds: UInt64?

    enum CodingKeys: String, CodingKey {
        case replicaID = "replica_id", publicKey = "public_key", scope, tokenLabel = "token_label", boundAtMilliseconds = "bound_at_ms"
    }

    public init(replicaID: String, publicKey: String, scope: String?, tokenLabel: String?, boundAtMilliseconds: UInt64?) {
        self.replicaID = replicaID
        self.publicKey = publicKey
        self.scope = scope
        self.tokenLabel = tokenLabel
        self.boundAtMilliseconds = boundAtMilliseconds
    }
}

/// A page of changes the server lacks, in the client's storage order.
public struct PushRequest: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var replicaID: String
    public var changes: [WireChange]
    /// In a digest page: SHA-256 over the raw content hashes of `changes`, in order (the changes then carry no `hash`).
    public var digest: String?
    /// Stream tips signed by their origins, at most one a stream of the page (sent only to a node whose handshake said
    /// `stream_tips: true`; protocol/SPEC.md, section 5.3).
    public var tips: [WireTip]?

    enum CodingKeys: String, CodingKey { case protocolVersion = "protocol", replicaID = "replica_id", changes, digest, tips }

    public init(protocolVersion: Int = WireProtocol.version, replicaID: String, changes: [WireChange], digest: String? = nil,
                tips: [WireTip]? = nil) {
        self.protocolVersion = protocolVersion
        self.replicaID = replicaID
        self.changes = changes
        self.digest = digest
        self.tips = tips
    }
}

/// A stream's tip signed by its origin's key, as it travels (protocol/SPEC.md, section 5.3).
public struct WireTip: Codable, Sendable, Equatable {
    public var origin: String
    public var scope: String
    public var seq: UInt64
    /// The stream's chain digest at `seq`, 64 lowercase hex digits.
    public var chain: String
    /// The origin's Ed25519 signature of the tip's text, 128 lowercase hex digits.
    public var signature: String

    public init(origin: String, scope: String, seq: UInt64, chain: String, signature: String) {
        self.origin = origin
        self.scope = scope
        self.seq = seq
        self.chain = chain
        self.signature = signature
    }
}

/// What the server did with a pushed page.
public struct PushResponse: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var applied: Int
    public var duplicates: Int
    public var dropped: Int

    enum CodingKeys: String, CodingKey { case protocolVersion = "protocol", applied, duplicates, dropped }

    public init(protocolVersion: Int, applied: Int, duplicates: Int, dropped: Int) {
        self.protocolVersion = protocolVersion
        self.applied = applied
        self.duplicates = duplicates
        self.dropped = dropped
    }
}

/// Every refusal: a stable machine code and a sentence for people.
public struct WireError: Codable, Sendable, Equatable {
    public var error: Body

    public struct Body: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
    }

    public init(code: String, message: String) { error = Body(code: code, message: message) }
}
