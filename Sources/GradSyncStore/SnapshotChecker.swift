import Crypto
import GradSyncCore

/// The checks a snapshot's changes pass before the writer stores them, run on the checking lane in the
/// snapshot's order: the same checks `ReplicaStore.apply` runs on each arriving change, plus the snapshot's own
/// (each stream gap-free from seq 1 and ending at the tip the vector names, with the tip's hash; every content
/// hash recomputed and compared with the carried one).
///
/// What holds for every change of a stream (its scope) is checked once per stream from the plan, and names that
/// recur in every change (collection, field, author) once per distinct name.
struct SnapshotChecker {
    /// One stream of the plan as the load goes: its tip, its origin's number in this store, the seq due next.
    private struct StreamState {
        let tip: SnapshotPlan.Tip
        let origin: Int64
        var next: UInt64 = 1
    }

    private let store: ReplicaStore
    private var streams: [StreamState] = []
    private var positions = StreamPositions()
    private var checkedCollections: Set<String> = []
    private var checkedFields: Set<String> = []
    private var checkedAuthors: Set<String> = []
    /// The canonical text of the change being hashed, its capacity kept from change to change.
    private var canonical: [UInt8] = []
    private let now: UInt64
    /// Origins seen stamping further ahead than the allowed drift, and the furthest ahead each was.
    private(set) var clockSuspects: [ReplicaID: UInt64] = [:]

    /// Checks the plan itself: streams named once, each of a scope both the replica and the snapshot hold, each with
    /// its origin's number in `origins`.
    init(store: ReplicaStore, plan: SnapshotPlan, origins: [StreamKey: Int64], now: UInt64) throws {
        self.store = store
        self.now = now
        for tip in plan.tips {
            guard plan.scope.holds(tip.stream.scope), store.scope.holds(tip.stream.scope) else {
                throw StoreError.outOfScope(scope: tip.stream.scope, allowed: plan.scope.intersection(store.scope))
            }
            guard tip.seq > 0 else { throw StoreError.snapshotRefused("the vector names stream \(tip.stream) at seq 0") }
            guard PageDigest.isWellFormed(tip.hash) else {
                throw StoreError.snapshotRefused("the tip hash of stream \(tip.stream) is not 64 hex digits")
            }
            guard let origin = origins[tip.stream] else {
                throw StoreError.incompatibleFormat("origin \(tip.stream.origin) was not registered")
            }
            guard positions.add(tip.stream) else { throw StoreError.snapshotRefused("the vector names stream \(tip.stream) twice") }
            streams.append(StreamState(tip: tip, origin: origin))
        }
        canonical.reserveCapacity(512)
    }

    /// Checks the next change of the snapshot and returns what the writer stores of it.
    mutating func prepare(_ entry: SnapshotLoadEntry) throws -> PreparedSnapshotChange {
        let change = entry.change
        let stream = change.id.stream
        guard let index = positions.position(of: stream) else {
            throw StoreError.snapshotRefused("change \(change.id) belongs to stream \(stream), which the snapshot's vector does not name")
        }
        let tip = streams[index].tip
        let expected = streams[index].next
        guard change.id.seq == expected else {
            throw StoreError.snapshotRefused(expected > tip.seq
                ? "stream \(stream) goes on past its tip \(tip.seq) with change \(change.id)"
                : "stream \(stream) holds seq \(change.id.seq) where seq \(expected) belongs: the snapshot has a gap or is out of order")
        }
        streams[index].next = expected + 1
        let prepared: PreparedSnapshotChange
        do {
            prepared = try check(entry, origin: streams[index].origin)
        } catch let error as StoreError {
            throw StoreError.snapshotChange(change.id, reason: error)
        }
        if change.id.seq == tip.seq, prepared.hash != tip.hash, prepared.hash != tip.hash.lowercased() {
            throw StoreError.snapshotRefused("the last change of stream \(stream), \(change.id), does not have the tip hash the snapshot's vector names")
        }
        if let ahead = store.clockRule.suspectAmount(of: change.hlc, wallMilliseconds: now) {
            clockSuspects[change.id.origin] = max(clockSuspects[change.id.origin] ?? 0, ahead)
        }
        return prepared
    }

    /// Checks that every stream the vector names ended at its tip.
    func finish() throws {
        for state in streams.sorted(by: { $0.tip.stream < $1.tip.stream }) {
            let reached = state.next - 1
            guard reached == state.tip.seq else {
                throw StoreError.snapshotRefused("stream \(state.tip.stream) ends at seq \(reached) but the snapshot's vector says \(state.tip.seq)")
            }
        }
    }

    /// The checks `ReplicaStore.precheck` and the apply path run on one change, and its content hash.
    private mutating func check(_ entry: SnapshotLoadEntry, origin: Int64) throws -> PreparedSnapshotChange {
        let change = entry.change
        guard !change.field.isEmpty else {
            throw StoreError.invalid(ValidationError(field: "seq", value: change.id.description, allowed: RecordMessages.seqAndField))
        }
        try ReplicaStore.checkStorable(change.value, field: change.field)
        guard RecordLimits.isValidKey(change.key) else {
            throw StoreError.invalid(ValidationError(field: "key", value: change.key, allowed: RecordMessages.key))
        }
        // Each name's checks depend on that name alone, so a name that passed once passes again.
        if !checkedCollections.contains(change.collection) || !checkedFields.contains(change.field)
            || !checkedAuthors.contains(change.author) {
            try ReplicaStore.checkNames(collection: change.collection, field: change.field, author: change.author)
            checkedCollections.insert(change.collection)
            checkedFields.insert(change.field)
            checkedAuthors.insert(change.author)
        }
        try ReplicaStore.checkValueText(change)
        do {
            try store.validator.validate(change)
        } catch {
            throw StoreError.invalid(error)
        }
        canonical.removeAll(keepingCapacity: true)
        let value: String
        if let carried = entry.valueText, entry.valueTextIsCanonical {
            // The snapshot's reader compared this text with the canonical JSON of the value it parsed from it.
            value = carried
            var text = carried
            try text.withUTF8 { bytes in
                try ReplicaStore.checkSize(bytes.count, field: change.field)
                CanonicalBytes.appendCanonicalText(of: change, valueBytes: bytes, to: &canonical)
            }
        } else {
            var valueBytes: [UInt8] = []
            CanonicalBytes.append(change.value, to: &valueBytes)
            if let carried = entry.valueText, !carried.utf8.elementsEqual(valueBytes) {
                throw StoreError.snapshotRefused("the value text carried with change \(change.id) is not its value's canonical JSON")
            }
            try ReplicaStore.checkSize(valueBytes.count, field: change.field)
            value = entry.valueText ?? String(decoding: valueBytes, as: UTF8.self)
            valueBytes.withUnsafeBufferPointer { CanonicalBytes.appendCanonicalText(of: change, valueBytes: $0, to: &canonical) }
        }
        let hash = PageDigest.hex(SHA256.hash(data: canonical))
        // Hashes come in lowercase (the readers write them so): compared as they are first, lowercased only if not.
        guard entry.contentHash.utf8.count == 64, hash == entry.contentHash || hash == entry.contentHash.lowercased() else {
            throw StoreError.hashMismatch(change.id)
        }
        return PreparedSnapshotChange(change: change, hash: hash, value: value, origin: origin)
    }
}
