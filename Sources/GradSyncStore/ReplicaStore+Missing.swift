import GRDB
import GradSyncCore

/// A page of changes another replica lacks, in this replica's storage order.
public struct ChangeBatch: Sendable {
    /// The changes, each after every change it names in its bases.
    public var changes: [Change]
    /// Whether more changes the peer lacks remain after this page.
    public var hasMore: Bool
    /// The content hash stored with each change, in the same order (empty when not read), so a sender passes it on
    /// instead of hashing every change again.
    public var contentHashes: [String]

    /// Makes a batch.
    public init(changes: [Change], hasMore: Bool, contentHashes: [String] = []) {
        self.changes = changes
        self.hasMore = hasMore
        self.contentHashes = contentHashes
    }
}

extension ReplicaStore {
    /// The changes a peer with vector `peer` lacks, within `filter`, in storage order.
    ///
    /// The scan starts at the first change the peer lacks (found through the unique index of each
    /// stream), never at the beginning of the log, and stops after `limit` changes or once the
    /// page's values reach `byteBudget` bytes (always at least one change).
    ///
    /// With `includeShared` false, changes of the `shared` scope are left out (a peer that may not receive them as a push).
    public func changes(missingFrom peer: VersionVector, filter: ReplicaScope, limit: Int, byteBudget: Int = .max,
                        includeShared: Bool = true) throws -> ChangeBatch {
        try writer.read { db in
            try self.readMissing(db, peer: peer, filter: filter, limit: limit, byteBudget: byteBudget, includeShared: includeShared)
        }
    }

    /// The same as `changes(missingFrom:filter:limit:byteBudget:includeShared:)`, from an async context.
    public func changesAsync(missingFrom peer: VersionVector, filter: ReplicaScope, limit: Int, byteBudget: Int = .max,
                             includeShared: Bool = true) async throws -> ChangeBatch {
        try await writer.read { db in
            try self.readMissing(db, peer: peer, filter: filter, limit: limit, byteBudget: byteBudget, includeShared: includeShared)
        }
    }

    func readMissing(_ db: Database, peer: VersionVector, filter: ReplicaScope, limit: Int, byteBudget: Int,
                     includeShared: Bool = true) throws -> ChangeBatch {
        var held = try readVector(db, filter: filter)
        if !includeShared { held = VersionVector(held.entries.filter { !$0.key.scope.isShared }) }
        let firstMissing = held.missing(from: peer)
        guard !firstMissing.isEmpty, limit > 0 else { return ChangeBatch(changes: [], hasMore: false) }
        var start = Int64.max
        for (stream, seq) in firstMissing {
            let origin = try originNumber(db, for: stream.origin)
            if let rowID = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT rowid FROM gs_change WHERE origin = ? AND scope = ? AND seq = ?"),
                arguments: [origin, stream.scope.name, Int64(bitPattern: seq)]) {
                start = min(start, rowID)
            }
        }
        // Per-scope index scans merged by rowid, so a department's pull never reads other departments' rows.
        var scopes: [String]? = switch filter {
        case .central: nil
        case .department(let own): own.isShared ? ["shared"] : [own.name, "shared"]
        }
        if !includeShared, let named = scopes { scopes = named.filter { $0 != "shared" } }
        var candidates: [(rowID: Int64, change: Change, hash: String)] = []
        var anyLeft = false
        for scope in scopes ?? [""] {
            let sql = scope.isEmpty
                ? "SELECT \(Self.changeColumns), c.hash FROM gs_change c WHERE c.rowid >= ? ORDER BY c.rowid"
                : "SELECT \(Self.changeColumns), c.hash FROM gs_change c WHERE c.scope = ? AND c.rowid >= ? ORDER BY c.rowid"
            let arguments: StatementArguments = scope.isEmpty ? [start] : [scope, start]
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            var taken = 0
            while let row = try rows.next() {
                let scopeName: String = row[2]
                let origin = try originID(db, number: row[1])
                let stream = StreamKey(origin: origin, scope: Scope(storedName: scopeName))
                guard filter.holds(stream.scope), includeShared || !stream.scope.isShared,
                      UInt64(row[3] as Int64) > peer[stream] else { continue }
                if taken == limit { anyLeft = true; break }
                candidates.append((row[0], try decodeChange(db, row), row[12]))
                taken += 1
            }
        }
        candidates.sort { $0.rowID < $1.rowID }
        var page: [Change] = []
        var hashes: [String] = []
        var bytes = 0
        for candidate in candidates {
            let size = CanonicalBytes.text(candidate.change.value).utf8.count + candidate.change.key.utf8.count + 160
            if page.count == limit || (!page.isEmpty && bytes + size > byteBudget) { anyLeft = true; break }
            page.append(candidate.change)
            hashes.append(candidate.hash)
            bytes += size
        }
        return ChangeBatch(changes: page, hasMore: anyLeft, contentHashes: hashes)
    }
}

extension ReplicaStore {
    /// The content hash of each held change among `ids` (missing ones are left out).
    ///
    /// The handshake compares the hashes at each stream's tip, so a forked stream (a copied replica
    /// directory whose copies both wrote) is caught even when neither side would send the other anything.
    public func contentHashes(of ids: [ChangeID]) async throws -> [ChangeID: String] {
        try await writer.read { db in
            var result: [ChangeID: String] = [:]
            for id in ids {
                guard let origin = try self.existingOriginNumber(db, for: id.origin),
                      let hash = try String.fetchOne(
                        db.cachedStatement(sql: "SELECT hash FROM gs_change WHERE origin = ? AND scope = ? AND seq = ?"),
                        arguments: [origin, id.scope.name, Int64(bitPattern: id.seq)]) else { continue }
                result[id] = hash
            }
            return result
        }
    }

    /// Compares a peer's stream tips with the changes held here; throws `replicaFork` for the first that differs.
    public func checkTips(_ tips: [ChangeID: String]) async throws {
        let held = try await contentHashes(of: Array(tips.keys))
        for (id, hash) in tips.sorted(by: { $0.key < $1.key }) where held[id].map({ $0 != hash }) ?? false {
            throw StoreError.replicaFork(id)
        }
    }
}
