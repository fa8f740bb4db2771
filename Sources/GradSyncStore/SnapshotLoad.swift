import GradSyncCore

/// What a snapshot says it covers, known before its first change: the scope it holds and each stream's tip.
///
/// A snapshot holds every change of its scope the sender held, so each stream is complete from seq 1 to its tip;
/// the loader checks that it is, and that the last change of each stream has the tip's content hash.
public struct SnapshotPlan: Sendable, Equatable {
    /// One stream the snapshot covers: its highest seq (from 1) and the content hash of the change there.
    public typealias Tip = StreamTip

    /// The scope the snapshot holds (what both sides share); every change and stream must lie in it.
    public var scope: ReplicaScope
    /// Every stream of the snapshot, with its tip; streams of seq 0 are not named.
    public var tips: [Tip]

    /// Describes a snapshot.
    public init(scope: ReplicaScope, tips: [Tip]) {
        self.scope = scope
        self.tips = tips
    }

    /// The vector a replica holds once the snapshot is loaded.
    public var vector: VersionVector {
        VersionVector(Dictionary(tips.map { ($0.stream, $0.seq) }, uniquingKeysWith: max))
    }

    /// How many changes the snapshot holds: the sum of its streams' seqs.
    public var changeCount: UInt64 { tips.reduce(0) { $0 &+ $1.seq } }
}

/// One change of a snapshot as the loader takes it: the change, the content hash carried with it, and (when the
/// reader has it already) its value's canonical JSON.
public struct SnapshotLoadEntry: Sendable {
    /// The change.
    public var change: Change
    /// The content hash the sender carried; the loader computes the change's own and refuses a difference.
    public var contentHash: String
    /// The value's canonical JSON, when the reader holds it; computed from `change.value` otherwise. The loader
    /// still checks it is the value's canonical JSON, since the log keeps this text and hashes are taken from it.
    public var valueText: String?
    /// Whether the reader that made this entry has itself compared `valueText` with the canonical JSON of the value
    /// it parsed from it (as `SnapshotReader` does), so the loader does not write the value out a second time. Only
    /// this package's readers can say so (`init(change:contentHash:canonicalValueText:)`).
    public private(set) var valueTextIsCanonical = false

    /// Describes one change of a snapshot.
    public init(change: Change, contentHash: String, valueText: String? = nil) {
        self.change = change
        self.contentHash = contentHash
        self.valueText = valueText
    }

    /// Describes one change whose `valueText` its reader already found to be the value's canonical JSON.
    package init(change: Change, contentHash: String, canonicalValueText: String) {
        self.init(change: change, contentHash: contentHash, valueText: canonicalValueText)
        valueTextIsCanonical = true
    }
}

/// Where the loader reads a snapshot's changes from, in the sender's storage order, a chunk at a time.
///
/// The loader calls `nextEntries()` from one thread of its own (never two at once), so a reader that decodes
/// a download does so while the store writes the chunk before: the two cores each have a lane.
public protocol SnapshotChangeSource: SendableMetatype {
    /// The next changes, in order; nil once every change has been read. An error stops the load, and the
    /// replica is left as it was.
    mutating func nextEntries() throws -> [SnapshotLoadEntry]?
}

/// What loading a snapshot did.
public struct SnapshotLoadResult: Sendable, Equatable {
    /// Changes stored.
    public var loaded: Int
    /// Fields whose heads now disagree (conflicts held in the snapshot).
    public var conflictedFields: Int
    /// Origins seen stamping further ahead of this replica's clock than the allowed drift.
    public var clockSuspects: [ClockSuspect]

    /// Describes a load.
    public init(loaded: Int, conflictedFields: Int, clockSuspects: [ClockSuspect]) {
        self.loaded = loaded
        self.conflictedFields = conflictedFields
        self.clockSuspects = clockSuspects
    }
}

/// A `SnapshotChangeSource` over changes already in memory, in chunks of `chunkSize`: for tests and benchmarks,
/// and for a caller that holds a small snapshot whole.
public struct SnapshotEntryArray: SnapshotChangeSource {
    private let entries: [SnapshotLoadEntry]
    private let chunkSize: Int
    private var position = 0

    /// Reads `entries` in order, `chunkSize` at a time.
    public init(_ entries: [SnapshotLoadEntry], chunkSize: Int = 2_000) {
        self.entries = entries
        self.chunkSize = max(1, chunkSize)
    }

    /// The next chunk, or nil at the end.
    public mutating func nextEntries() throws -> [SnapshotLoadEntry]? {
        guard position < entries.count else { return nil }
        let end = min(entries.count, position + chunkSize)
        defer { position = end }
        return Array(entries[position..<end])
    }
}
