/// Streams numbered in the order a caller added them (its own list's positions), looked up by key. The stream looked
/// up last is found again by comparing keys, without hashing: a snapshot holds long runs of one stream.
public struct StreamPositions: Sendable {
    // Inlinable into the lanes that look a stream up for every change of a snapshot.
    @usableFromInline var positions: [StreamKey: Int] = [:]
    @usableFromInline var last: (key: StreamKey, position: Int)?

    public init() {}

    /// How many streams were added.
    public var count: Int { positions.count }

    /// Adds `key` at the next position (`count` before the call); false, adding nothing, when it is there already.
    public mutating func add(_ key: StreamKey) -> Bool {
        guard positions[key] == nil else { return false }
        positions[key] = positions.count
        return true
    }

    /// The position `key` was added at, or nil when it was not.
    @inlinable public mutating func position(of key: StreamKey) -> Int? {
        if let last, last.key == key { return last.position }
        guard let found = positions[key] else { return nil }
        last = (key, found)
        return found
    }
}
