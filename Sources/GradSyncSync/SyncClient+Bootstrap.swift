import Foundation
import GradSyncCore
import GradSyncStore

/// Bootstrapping an empty replica from a snapshot of the shared scope (protocol/SPEC.md, section 15.3).
extension SyncClient {
    /// Where a snapshot is kept while it downloads: beside the replica (same disk, owner-only), one at a time.
    public static func snapshotPath(for store: ReplicaStore) -> String {
        (store.path as NSString).deletingLastPathComponent + "/snapshot-download.gss"
    }

    /// Whether this sync should bootstrap: the node serves snapshots, this replica holds nothing of the shared
    /// scope (so no local change can be lost), and it lacks at least the node's minimum number of changes.
    func shouldBootstrap(offered minimum: UInt64?, shared: ReplicaScope, lacking: Int) async throws -> Bool {
        guard let minimum, lacking > 0, UInt64(lacking) >= minimum else { return false }
        return try await store.holdsNoChangesAsync(of: shared)
    }

    /// Downloads the snapshot of `shared` to a file beside the replica and loads it in one transaction; returns
    /// how many changes were loaded. A failure leaves the replica as empty as before (and the file removed), so
    /// the next sync starts over.
    func bootstrap(shared: ReplicaScope, expected: Int, report: SyncReport) async throws -> Int {
        let path = Self.snapshotPath(for: store)
        // A file left by a sync that was killed is of no use (a new one is asked for), and would block this one.
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let started = ContinuousClock.now
        let progress = self.progress
        var state = SyncProgress(phase: .bootstrap, changes: 0, bytes: 0, expected: expected, elapsed: .zero)
        state.count(report)
        let downloading = state
        let request = SnapshotRequest(replicaID: store.replicaID.hex, scope: store.scope.description)
        let bytes = try await transport.download("v1/sync/snapshot", request, to: path) { written in
            var now = downloading
            now.bytes = written
            now.elapsed = ContinuousClock.now - started
            progress?(now)
        }
        let reader: SnapshotReader
        do {
            // The loader checks every content hash itself, on the core the writer leaves free.
            reader = try SnapshotReader(contentsOfFile: path, verifyContentHashes: false)
        } catch let error as SnapshotFormatError {
            throw Self.refusal(error)
        }
        guard reader.header.sharedScope == shared else {
            throw SyncFailure.refused(code: .badResponse, message: "the remote sent a snapshot of scope '\(reader.header.sharedScope)' where '\(shared)' was shared")
        }
        let plan = SnapshotPlan(scope: shared, tips: reader.header.streams.map {
            SnapshotPlan.Tip(stream: $0.stream, seq: $0.seq, hash: $0.tipHash)
        })
        state.bytes = bytes
        let loading = state
        do {
            return try await store.loadSnapshotAsync(plan, from: SnapshotReaderSource(reader: reader)) { loaded in
                var now = loading
                now.changes = loaded
                now.elapsed = ContinuousClock.now - started
                progress?(now)
            }.loaded
        } catch let error as SnapshotFormatError {
            throw Self.refusal(error)
        }
    }

    /// A malformed snapshot refuses the sync (exit 5), a bad hash as `hash_mismatch`.
    static func refusal(_ error: SnapshotFormatError) -> SyncFailure {
        .refused(code: error.kind == .hashMismatch ? .hashMismatch : .badResponse,
                 message: "the remote sent a snapshot this replica refused, and nothing of it was loaded: \(error.message)")
    }
}

/// A snapshot file read as the loader's source, a chunk of changes at a time.
struct SnapshotReaderSource: SnapshotChangeSource {
    let reader: SnapshotReader

    mutating func nextEntries() throws -> [SnapshotLoadEntry]? {
        var entries: [SnapshotLoadEntry] = []
        entries.reserveCapacity(2_000)
        while entries.count < 2_000, let entry = try reader.next() {
            // The reader refuses a value text that is not the canonical JSON of the value parsed from it.
            entries.append(SnapshotLoadEntry(change: entry.change, contentHash: entry.contentHash, canonicalValueText: entry.valueText))
        }
        return entries.isEmpty ? nil : entries
    }
}
