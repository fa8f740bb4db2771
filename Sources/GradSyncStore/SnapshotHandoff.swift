import Foundation
import GradSyncCore

/// A change of a snapshot that the checking lane has verified, with what the writer stores of it.
struct PreparedSnapshotChange: Sendable {
    var change: Change
    /// Its content hash, computed here and equal to the carried one.
    var hash: String
    /// Its value's canonical JSON.
    var value: String
    /// Its origin's number in the store.
    var origin: Int64
}

/// What the checking lane hands the writer.
enum SnapshotLaneItem: Sendable {
    /// The next checked changes, in the snapshot's order.
    case chunk([PreparedSnapshotChange])
    /// Every change was read and checked, every stream ended at its tip; with the origins stamping ahead.
    case end(clockSuspects: [ReplicaID: UInt64])
    /// Why the lane stopped.
    case failure(any Error)
}

/// What the reading lane hands the checking lane.
enum SnapshotReadItem: Sendable {
    /// The next changes as the source decoded them, in the snapshot's order.
    case entries([SnapshotLoadEntry])
    /// The source has no more changes.
    case end
    /// Why the source stopped.
    case failure(any Error)
}

/// A bounded queue between two lanes of a snapshot load: the thread that reads (decodes) a snapshot, the one that
/// checks its changes, and the writer that stores them, each handing the next its chunks through one of these.
///
/// At most `capacity` chunks wait, so memory stays bounded whatever the snapshot's size, and each lane runs on
/// whichever core is free: the reader decodes chunk N+2 while the checker hashes chunk N+1 and the writer inserts
/// chunk N.
final class SnapshotHandoff<Item: Sendable>: @unchecked Sendable {
    // Every mutable field is read and written only with `condition` locked.
    private let condition = NSCondition()
    private var items: [Item] = []
    private var cancelled = false
    private var laneDone = false
    private let capacity: Int
    /// What `take` returns when the lane ended without handing over an end or an error.
    private let abandoned: Item

    init(capacity: Int = 2, abandoned: Item) {
        self.capacity = capacity
        self.abandoned = abandoned
    }

    /// Hands over an item, waiting while the queue is full; false when the taker has stopped taking items.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, waiting for it. A lane that ended without saying why is a failure, never a hang.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !laneDone { condition.wait() }
        guard !items.isEmpty else { return abandoned }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Whether the taker has stopped taking items (the lane stops reading at its next chunk).
    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// The taker takes nothing more; a waiting `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Called by the lane's thread as its last act.
    func markLaneDone() {
        condition.lock()
        laneDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the lane's thread has returned, so the source it reads is never touched after the load.
    func waitForLane() {
        condition.lock()
        while !laneDone { condition.wait() }
        condition.unlock()
    }
}

/// Lets the lane's thread own a source that is not `Sendable`: it is handed over once and read only there.
final class SnapshotSourceBox<Source: SnapshotChangeSource>: @unchecked Sendable {
    // Read only by the lane's thread, after the loader handed the box over and stopped touching `source`.
    var source: Source

    init(_ source: Source) { self.source = source }
}
