import Foundation
import GRDB
import GradSyncCore

/// Loading a snapshot: a replica that holds nothing of a scope takes every change of it in one transaction.
///
/// The result is the one applying the same changes one by one, in the same order, would leave (log, heads, shown
/// values, conflicts, pending bases, vector), built in bulk: the log's rows are appended with the secondary indexes
/// dropped (recreated from their own SQL after, so the schema stays the same); a field's row is written with its
/// first loaded change, and only the fields more than one loaded change touches get their heads from an ordered
/// pass over those changes after the stream, instead of a read and a write per change.
extension ReplicaStore {
    /// Loads a snapshot of `plan.scope` read from `source`, in one transaction; nothing is written unless all of it is.
    ///
    /// Refused (`snapshotRefused`) when the replica holds any change of the snapshot's scope: local edits not yet
    /// synced must never be lost, so a replica bootstraps only before it holds anything it shares with the sender.
    /// Every change is checked as `apply` checks an arriving one, its content hash recomputed and compared with
    /// the carried one, and every stream must run from seq 1 to the tip the plan names, ending with the tip's hash.
    /// The source is read on a thread of its own while the writer stores the chunk before (`progress` is told how
    /// many changes are stored so far). On any failure nothing is written and the error names the change or stream.
    @discardableResult
    public func loadSnapshot<Source: SnapshotChangeSource>(_ plan: SnapshotPlan, from source: Source,
                                                           progress: (@Sendable (Int) -> Void)? = nil) throws -> SnapshotLoadResult {
        let origins = try registerStreams(plan)
        let box = SnapshotSourceBox(source)
        return try writer.writeWithoutTransaction { db in try self.runLoad(db, plan, origins: origins, box: box, progress: progress) }
    }

    /// The same from an async context: the load (and the wait for its reading thread) runs on the database's
    /// writer queue, never on the cooperative pool.
    @discardableResult
    public func loadSnapshotAsync<Source: SnapshotChangeSource>(_ plan: SnapshotPlan, from source: sending Source,
                                                                progress: (@Sendable (Int) -> Void)? = nil) async throws -> SnapshotLoadResult {
        try await registerOriginsAsync(Set(plan.tips.map(\.stream.origin)))
        let origins = try streamOrigins(plan)
        let box = SnapshotSourceBox(source)
        let body: @Sendable (Database) throws -> SnapshotLoadResult = { db in
            try self.runLoad(db, plan, origins: origins, box: box, progress: progress)
        }
        return try await writer.writeWithoutTransaction(body)
    }

    /// Whether the replica holds no change of `scope` (and so may load a snapshot of it).
    public func holdsNoChanges(of scope: ReplicaScope) throws -> Bool {
        try writer.read { db in try self.holdsNoChanges(db, of: scope) }
    }

    /// The same from an async context.
    public func holdsNoChangesAsync(of scope: ReplicaScope) async throws -> Bool {
        let body: @Sendable (Database) throws -> Bool = { db in try self.holdsNoChanges(db, of: scope) }
        return try await writer.read(body)
    }

    private func registerStreams(_ plan: SnapshotPlan) throws -> [StreamKey: Int64] {
        try registerOrigins(Set(plan.tips.map(\.stream.origin)))
        return try streamOrigins(plan)
    }

    private func streamOrigins(_ plan: SnapshotPlan) throws -> [StreamKey: Int64] {
        var numbers: [StreamKey: Int64] = [:]
        for tip in plan.tips {
            guard let number = origins.withLock({ $0.numbers[tip.stream.origin] }) else {
                throw StoreError.incompatibleFormat("origin \(tip.stream.origin) was not registered")
            }
            numbers[tip.stream] = number
        }
        return numbers
    }

    func holdsNoChanges(_ db: Database, of scope: ReplicaScope) throws -> Bool {
        let filter: String
        switch scope {
        case .central: filter = ""
        case .department(let own): filter = " WHERE scope IN (\(StoreSchema.fieldLiteral(own.name)), 'shared')"
        }
        for table in ["gs_vector", "gs_change", "gs_pending_base"] {
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table)\(filter))") ?? false { return false }
        }
        return true
    }

    /// Starts the reading and checking lanes, runs the load's transaction, and stops and waits for both lanes
    /// whatever happens.
    ///
    /// Three lanes: one thread decodes the source, a second checks each change (validation and its content hash)
    /// in the snapshot's order, and the writer stores the checked chunks. Decoding and hashing each cost about
    /// what storing does, so on two cores none of them waits on a single lane doing two of the three jobs.
    private func runLoad<Source>(_ db: Database, _ plan: SnapshotPlan, origins: [StreamKey: Int64], box: SnapshotSourceBox<Source>,
                                 progress: (@Sendable (Int) -> Void)?) throws -> SnapshotLoadResult {
        let planChecked = try SnapshotChecker(store: self, plan: plan, origins: origins, now: wallClock())
        let reading = SnapshotHandoff<SnapshotReadItem>(
            abandoned: .failure(StoreError.snapshotRefused("the snapshot's reader stopped without an end or an error")))
        let handoff = SnapshotHandoff<SnapshotLaneItem>(
            abandoned: .failure(StoreError.snapshotRefused("the snapshot's checker stopped without an end or an error")))
        let reader = Thread {
            defer { reading.markLaneDone() }
            do {
                while !reading.isCancelled, let entries = try box.source.nextEntries() {
                    guard reading.put(.entries(entries)) else { return }
                }
                _ = reading.put(.end)
            } catch {
                _ = reading.put(.failure(error))
            }
        }
        let lane = Thread {
            // The checker is done only once the reader is: the source is never touched after the load returns.
            defer {
                reading.cancel()
                reading.waitForLane()
                handoff.markLaneDone()
            }
            var checker = planChecked
            do {
                checking: while true {
                    guard !handoff.isCancelled else { return }
                    switch reading.take() {
                    case .entries(let entries):
                        var chunk: [PreparedSnapshotChange] = []
                        chunk.reserveCapacity(entries.count)
                        for entry in entries { chunk.append(try checker.prepare(entry)) }
                        guard handoff.put(.chunk(chunk)) else { return }
                    case .end:
                        break checking
                    case .failure(let error):
                        throw error
                    }
                }
                try checker.finish()
                _ = handoff.put(.end(clockSuspects: checker.clockSuspects))
            } catch {
                _ = handoff.put(.failure(error))
            }
        }
        // A reader decoding nested JSON recurses, and so does the checker encoding it again; give each the main
        // thread's room rather than a secondary thread's.
        reader.stackSize = 8 << 20
        lane.stackSize = 8 << 20
        reader.start()
        lane.start()
        defer {
            handoff.cancel()
            handoff.waitForLane()
        }
        var result: SnapshotLoadResult?
        try db.inTransaction(.immediate) {
            result = try self.loadChecked(db, plan, origins: origins, handoff: handoff, progress: progress)
            return .commit
        }
        return result!
    }

    /// Writes one checked change of a snapshot: its log row, its field's row if it is the field's first change, and
    /// the bases it names in its own scope.
    private func store(_ prepared: borrowing PreparedSnapshotChange, _ db: Database, _ rows: SnapshotRowWriter,
                       fieldCounts: inout CreatedFieldCounts) throws {
        let rowID = try rows.insert(prepared)
        if try rows.storeFirstField(prepared, rowID: rowID) {
            try admitCreatedField(db, prepared.change.record, field: prepared.change.field, counts: &fieldCounts)
        }
        for base in prepared.change.bases where base.scope == prepared.change.id.scope {
            try rows.noteBase(base, namedBy: prepared.change, rowID: rowID)
        }
    }

    private func loadChecked(_ db: Database, _ plan: SnapshotPlan, origins: [StreamKey: Int64], handoff: SnapshotHandoff<SnapshotLaneItem>,
                             progress: (@Sendable (Int) -> Void)?) throws -> SnapshotLoadResult {
        guard try holdsNoChanges(db, of: plan.scope) else {
            throw StoreError.snapshotRefused("this replica already holds changes of scope '\(plan.scope)'; a snapshot is loaded only into a replica that holds none, so that no local change is lost")
        }
        // Appending to the log with its secondary indexes in place costs a B-tree insert per index per change; built
        // once afterwards from sorted rows they cost a fraction. Their own SQL recreates them as they were. Partial
        // indexes stay: they hold a few rows each (a cohort's year, the conflicted, the deleted), so keeping them costs
        // a check of their condition per row, and rebuilding them a scan of the whole table each.
        let indexes = try Row.fetchAll(db, sql: """
            SELECT m.name, m.sql FROM sqlite_master m
            JOIN (SELECT name, partial FROM pragma_index_list('gs_change')
                  UNION ALL SELECT name, partial FROM pragma_index_list('gs_field')) l ON l.name = m.name
            WHERE m.type = 'index' AND m.sql IS NOT NULL AND l.partial = 0 ORDER BY m.name
            """).map { (name: $0[0] as String, sql: $0[1] as String) }
        for index in indexes { try db.execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
        let firstRow = try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM gs_change") ?? 0
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.gs_snapshot_base;
            DROP TABLE IF EXISTS temp.gs_snapshot_superseded;
            DROP TABLE IF EXISTS temp.gs_snapshot_contested;
            CREATE TEMP TABLE gs_snapshot_base (
                origin TEXT NOT NULL, scope TEXT NOT NULL, seq INTEGER NOT NULL,
                collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL, namer INTEGER NOT NULL);
            CREATE TEMP TABLE gs_snapshot_superseded (change INTEGER PRIMARY KEY);
            CREATE TEMP TABLE gs_snapshot_contested (change INTEGER PRIMARY KEY);
            """)
        var loaded = 0
        var suspects: [ReplicaID: UInt64] = [:]
        let rows = try SnapshotRowWriter(db, receivedAt: wallClock())
        var fieldCounts = CreatedFieldCounts()
        reading: while true {
            switch handoff.take() {
            case .chunk(let changes):
                // Each change is read where it lies in the chunk, not copied out of it first (a copy retains every
                // string it holds, and the chunk releases them again).
                try changes.withUnsafeBufferPointer { chunk in
                    for index in chunk.indices { try store(chunk[index], db, rows, fieldCounts: &fieldCounts) }
                }
                loaded += changes.count
                progress?(loaded)
            case .end(let clockSuspects):
                suspects = clockSuspects
                break reading
            case .failure(let error):
                throw error
            }
        }
        let conflicted = try buildFields(db, after: firstRow, rows: rows)
        try storePendingBases(db)
        for tip in plan.tips { try storeSeq(db, origin: origins[tip.stream]!, scope: tip.stream.scope, seq: tip.seq) }
        let now = wallClock()
        var clockSuspects: [ClockSuspect] = []
        for (origin, ahead) in suspects.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(sql: """
                INSERT INTO gs_clock_suspect (origin, max_ahead_ms, last_seen_ms) VALUES (?, ?, ?)
                ON CONFLICT (origin) DO UPDATE SET max_ahead_ms = max(max_ahead_ms, excluded.max_ahead_ms), last_seen_ms = excluded.last_seen_ms
                """).execute(arguments: [try originNumber(db, for: origin), Int64(ahead), Int64(now)])
            clockSuspects.append(ClockSuspect(origin: origin, aheadMilliseconds: ahead, lastSeenMilliseconds: now))
        }
        for index in indexes { try db.execute(sql: index.sql) }
        try db.execute(sql: "DROP TABLE temp.gs_snapshot_base; DROP TABLE temp.gs_snapshot_superseded; DROP TABLE temp.gs_snapshot_contested")
        return SnapshotLoadResult(loaded: loaded, conflictedFields: conflicted, clockSuspects: clockSuspects)
    }
}
