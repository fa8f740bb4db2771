import GradSyncCore

/// The snapshot format's constants and limits (protocol/SPEC.md, "Snapshot bootstrap").
///
/// A snapshot is one gzip member whose content is: the header magic `GSSN`, the format version, the header (shared
/// scope, the vector with each stream's tip hash, the change count), every change of the scope in the node's storage
/// order, and the trailer (magic `GSSE`, the count again and the digest of every content hash), nothing after.
public enum SnapshotFormat {
    /// The format version this code writes and reads.
    public static let version: UInt64 = 1
    /// The bytes that open a snapshot's content.
    public static let headerMagic: [UInt8] = Array("GSSN".utf8)
    /// The bytes that open its trailer.
    public static let trailerMagic: [UInt8] = Array("GSSE".utf8)
    /// The media type of a snapshot on the wire.
    public static let mediaType = "application/vnd.gradsync.snapshot"

    /// At most this many entries in each string table and in the header's vector, so a hostile count cannot make a
    /// reader grow a table without bound.
    public static let maxTableEntries = 1 << 20
    /// At most this many vector entries, as on the wire (section 12 of the spec).
    public static let maxVectorEntries = 100_000
    /// At most this many ids in a change's `bases`, and in its `seen`.
    public static let maxIDs = 1024
    /// Byte limits of each text, the protocol's where it has one (section 12); a value's canonical JSON may be up to
    /// 1 MiB here (the schema's 64 KiB is the store's check), so no length makes a reader allocate more.
    static let maxScopeBytes = 32
    static let maxCollectionBytes = 64
    static let maxKeyBytes = 256
    static let maxFieldBytes = 128
    static let maxAuthorBytes = 256
    static let maxValueBytes = 1 << 20
}

/// One stream a snapshot covers: its highest seq and the content hash of the change there (the stream's tip).
public struct SnapshotStream: Hashable, Sendable {
    /// The stream.
    public var stream: StreamKey
    /// The highest seq held, from 1.
    public var seq: UInt64
    /// The content hash of the change at `seq`, 64 lowercase hex digits.
    public var tipHash: String

    /// Describes a stream of a snapshot.
    public init(stream: StreamKey, seq: UInt64, tipHash: String) {
        self.stream = stream
        self.seq = seq
        self.tipHash = tipHash
    }
}

/// What a snapshot covers, written before its changes: a reader knows the vector it will hold before loading.
public struct SnapshotHeader: Hashable, Sendable {
    /// The scope the snapshot holds: node ∩ token ∩ client, as a sync's `shared_scope`.
    public var sharedScope: ReplicaScope
    /// Every stream held, sorted by (origin, scope), each with its tip.
    public var streams: [SnapshotStream]
    /// The number of changes that follow: the sum of the streams' seqs.
    public var changeCount: UInt64

    /// Describes a snapshot; `streams` are sorted by (origin, scope) and those of seq 0 left out.
    public init(sharedScope: ReplicaScope, streams: [SnapshotStream], changeCount: UInt64) {
        self.sharedScope = sharedScope
        self.streams = streams.filter { $0.seq > 0 }.sorted { $0.stream < $1.stream }
        self.changeCount = changeCount
    }

    /// The vector a replica holds once it has loaded the snapshot.
    public var vector: VersionVector {
        VersionVector(Dictionary(streams.map { ($0.stream, $0.seq) }, uniquingKeysWith: max))
    }

    /// The tip hash of each stream, as a handshake vector carries them.
    public var wireVector: [WireVectorEntry] {
        streams.map { WireVectorEntry(origin: $0.stream.origin.hex, scope: $0.stream.scope.name, seq: $0.seq, hash: $0.tipHash) }
    }
}

/// One change read from a snapshot.
public struct SnapshotEntry: Sendable {
    /// The change.
    public var change: Change
    /// Its value's canonical JSON, exactly as carried (the reader checked it is canonical), for a loader to store.
    public var valueText: String
    /// The content hash carried with it, 64 lowercase hex digits (checked against the change unless the reader was
    /// told to leave that to its caller).
    public var contentHash: String
}
