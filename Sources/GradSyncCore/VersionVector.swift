/// What a replica holds: for each (origin, scope) stream, the highest seq it holds without gaps.
public struct VersionVector: Hashable, Sendable, CustomStringConvertible {
    /// The highest gap-free seq of each stream; streams absent hold nothing (0).
    public private(set) var entries: [StreamKey: UInt64]

    /// An empty vector, or one with the given entries (zero entries are dropped).
    public init(_ entries: [StreamKey: UInt64] = [:]) {
        self.entries = entries.filter { $0.value > 0 }
    }

    /// The highest gap-free seq held of `stream` (0 when none).
    public subscript(stream: StreamKey) -> UInt64 {
        get { entries[stream] ?? 0 }
        set { entries[stream] = newValue == 0 ? nil : newValue }
    }

    /// Whether the change is held.
    public func contains(_ id: ChangeID) -> Bool { self[id.stream] >= id.seq }

    /// The pointwise maximum of both vectors.
    public func merging(_ other: VersionVector) -> VersionVector {
        VersionVector(entries.merging(other.entries, uniquingKeysWith: max))
    }

    /// What this vector becomes once `changes` are applied in order: each stream extended by the changes that
    /// continue it without a gap (a receiver drops the others), as applying a page does.
    public func extended(by changes: some Sequence<Change>) -> VersionVector {
        var result = self
        for change in changes where change.id.seq == result[change.id.stream] + 1 {
            result[change.id.stream] = change.id.seq
        }
        return result
    }

    /// Whether this vector holds everything `other` holds.
    public func dominates(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { self[$0.key] >= $0.value }
    }

    /// Only the streams whose scope passes the filter.
    public func restricted(to filter: ReplicaScope) -> VersionVector {
        VersionVector(entries.filter { filter.holds($0.key.scope) })
    }

    /// The streams where this vector holds more than `other`, with the first seq `other` lacks.
    public func missing(from other: VersionVector) -> [StreamKey: UInt64] {
        var result: [StreamKey: UInt64] = [:]
        for (stream, seq) in entries where seq > other[stream] {
            result[stream] = other[stream] + 1
        }
        return result
    }

    /// The number of changes this vector holds that `other` lacks.
    public func count(missingFrom other: VersionVector) -> UInt64 {
        entries.reduce(0) { total, entry in total + (entry.value > other[entry.key] ? entry.value - other[entry.key] : 0) }
    }

    /// The total number of changes held.
    public var total: UInt64 { entries.values.reduce(0, +) }

    public var description: String {
        entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
