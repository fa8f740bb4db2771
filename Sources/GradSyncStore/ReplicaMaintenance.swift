import Foundation
import GRDB
import GradSyncCore

/// Keeping a replica sound (`store.maintenance`): backup and restore, and the checks that the materialised state
/// and the vector are what the change log produces.
///
/// A view over the store: it reads through the store's pool and its change-log reads, and holds nothing else.
public struct ReplicaMaintenance: Sendable {
    /// The store maintained.
    let store: ReplicaStore

    var writer: DatabasePool { store.writer }

    /// Writes a consistent copy of the replica to `path` (mode 0600) with SQLite's online backup, while others keep writing.
    public func backup(to path: String) throws {
        try ReplicaStore.createOwnerOnly(path)
        let destination = try DatabaseQueue(path: path)
        try writer.backup(to: destination)
        try destination.close()
    }

    /// Restores a backup into a new replica at `path`, under a new replica id.
    ///
    /// The backup's id is never reused: its changes stay as the stream of an origin like any other, and the
    /// changes that id wrote after the backup come back from the remote by the next sync. Sync state with
    /// remotes is forgotten, since it described the old replica.
    public static func restore(backup source: String, to path: String, newID: ReplicaID = .random(),
                               options: ReplicaStore.Options = ReplicaStore.Options()) throws -> ReplicaStore {
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.notInitialized(path: source) }
        if FileManager.default.fileExists(atPath: path) { throw StoreError.alreadyInitialized(path: path) }
        let sourceQueue = try DatabaseQueue(path: source, configuration: {
            var configuration = Configuration()
            configuration.readonly = true
            return configuration
        }())
        guard try sourceQueue.read({ db in try db.tableExists("gs_replica") }) else { throw StoreError.notInitialized(path: source) }
        try ReplicaStore.createOwnerOnly(path)
        let destination = try DatabaseQueue(path: path)
        try sourceQueue.backup(to: destination)
        try sourceQueue.close()
        try destination.write { db in
            // A new id and a new key: the backup's key stays the old id's, whose handshakes a node may have bound to it.
            // A backup made before keys existed gets its key when the restored replica is first opened.
            if try db.columns(in: "gs_replica").contains(where: { $0.name == "signing_key" }) {
                try db.execute(sql: "UPDATE gs_replica SET replica_id = ?, signing_key = ?",
                               arguments: [newID.hex, Data(ReplicaKey.generate().privateBytes)])
            } else {
                try db.execute(sql: "UPDATE gs_replica SET replica_id = ?", arguments: [newID.hex])
            }
            try db.execute(sql: "INSERT OR IGNORE INTO gs_origin (replica_id) VALUES (?)", arguments: [newID.hex])
            try db.execute(sql: "DELETE FROM gs_peer")
        }
        try destination.close()
        return try ReplicaStore.open(at: path, options: options)
    }

    /// The merged state as the materialised tables show it.
    public func materializedState() throws -> MergedState {
        let journal = try store.conflicts()
        return try writer.read { db in
            var lines: [String] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT f.scope, f.collection, f.key, f.field, f.value, f.conflicted, f.heads
                FROM gs_field f
                """)
            while let row = try rows.next() {
                let record = RecordID(scope: Scope(storedName: row[0]), collection: row[1], key: row[2])
                let heads = try store.changeIDs(db, rowIDs: ReplicaStore.decodeRowIDs(row[6]))
                lines.append(MergedState.fieldLine(record: record, field: row[3], winner: try FieldValue(parsingJSON: row[4]),
                                                   heads: heads, conflicted: row[5]))
            }
            for entry in journal {
                if case .deletedWhileEdited(let record, _) = entry { lines.append(MergedState.reviewLine(record: record)) }
            }
            return MergedState(lines: lines)
        }
    }

    /// The merged state recomputed from the change log alone, ignoring the materialised tables.
    public func recomputedState() throws -> MergedState {
        MergedState(changes: try store.allChanges())
    }

    /// What `verify` found: SQLite's integrity check, and whether the state equals what the log produces.
    public struct Verification: Sendable {
        /// `ok`, or SQLite's list of problems.
        public var integrity: [String]
        /// Lines the materialised state has that the log does not produce, and the reverse.
        public var extraLines: [String]
        /// Lines the log produces that the materialised state lacks.
        public var missingLines: [String]
        /// Whether the vector equals the gap-free prefix of each stream in the log.
        public var vectorMatchesLog: Bool

        /// Signed stream tips held (this replica's own and those it verified) whose chain and signature were checked again.
        public var tipsChecked = 0
        /// Noted chain digests or signed tips that do not match the log or their origin's key: the log was altered.
        public var tipProblems: [String] = []

        /// Whether nothing is wrong.
        public var isHealthy: Bool {
            integrity == ["ok"] && extraLines.isEmpty && missingLines.isEmpty && vectorMatchesLog && tipProblems.isEmpty
        }
    }

    /// Recomputes every stream's chain digest from its log, from seq 1, and compares it with each digest noted (each
    /// signed tip's included, protocol/SPEC.md section 5.3), and checks each signature with the origin's key (this
    /// replica's own, or the one bound at the origin's handshake).
    func checkTips() throws -> (checked: Int, problems: [String]) {
        try writer.read { db in
            let notes = try Row.fetchAll(db, sql: """
                SELECT o.replica_id, n.origin, n.scope, n.seq, n.chain, n.signature
                FROM gs_stream_chain n JOIN gs_origin o ON o.id = n.origin ORDER BY n.origin, n.scope, n.seq
                """)
            var checked = 0
            var problems: [String] = []
            var index = 0
            while index < notes.count {
                let originHex: String = notes[index][0], origin: Int64 = notes[index][1], scopeName: String = notes[index][2]
                var end = index
                while end < notes.count, (notes[end][1] as Int64) == origin, (notes[end][2] as String) == scopeName { end += 1 }
                let key = originHex == store.replicaID.hex ? store.key.publicKeyHex : try ReplicaStore.heldKey(db, originHex)?.publicKey
                // Each change's content hash recomputed from what the log holds, not the hash stored beside it.
                let changes = try Row.fetchCursor(db, sql: """
                    SELECT \(ReplicaStore.changeColumns), c.hash FROM gs_change c WHERE c.origin = ? AND c.scope = ? ORDER BY c.seq
                    """, arguments: [origin, scopeName])
                var chain = StreamChain.genesis
                var seq: UInt64 = 0
                for note in notes[index..<end] {
                    let target = UInt64(note[3] as Int64)
                    while seq < target, let row = try changes.next() {
                        let change = try store.decodeChange(db, row)
                        let hash = change.contentHash
                        if hash != (row[12] as String) {
                            problems.append("change \(change.id): its content does not match the hash stored with it")
                        }
                        guard change.id.seq == seq + 1, chain.extend(contentHash: hash) else { break }
                        seq += 1
                    }
                    let name = "stream of \(originHex) in scope '\(scopeName)' at seq \(target)"
                    guard seq == target, chain.bytes == Array(note[4] as Data) else {
                        problems.append("\(name): the log does not give the chain digest noted there")
                        continue
                    }
                    guard let signature = note[5] as String? else { continue }
                    checked += 1
                    guard let scope = try? Scope(scopeName), let id = ReplicaID(hex: originHex) else { continue }
                    let tip = SignedTip(stream: StreamKey(origin: id, scope: scope), seq: target, chain: chain, signature: signature)
                    if let key, !tip.verifies(publicKeyHex: key) {
                        problems.append("\(name): the tip's signature does not verify with the origin's key")
                    }
                }
                index = end
            }
            return (checked, problems)
        }
    }

    /// Checks integrity and that the materialised state and vector equal what the change log produces.
    public func verify() throws -> Verification {
        let integrity = try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        let materialized = Set(try materializedState().lines)
        let recomputed = Set(try recomputedState().lines)
        let vectorOK = try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT v.origin, v.scope, v.seq, (SELECT count(*) FROM gs_change c WHERE c.origin = v.origin AND c.scope = v.scope),
                       (SELECT max(seq) FROM gs_change c WHERE c.origin = v.origin AND c.scope = v.scope)
                FROM gs_vector v
                """)
            let streams = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT DISTINCT origin, scope FROM gs_change)") ?? 0
            return streams == rows.count && rows.allSatisfy { row in
                (row[2] as Int64) == (row[3] as Int64) && (row[2] as Int64) == (row[4] as Int64)
            }
        }
        let tips = try checkTips()
        return Verification(integrity: integrity, extraLines: materialized.subtracting(recomputed).sorted(),
                            missingLines: recomputed.subtracting(materialized).sorted(), vectorMatchesLog: vectorOK,
                            tipsChecked: tips.checked, tipProblems: tips.problems)
    }
}
