import GRDB
import GRDBSQLite
import GradSyncCore

extension ReplicaStore {
    /// The merged state as the materialised tables show it.
    public func materializedState() throws -> MergedState {
        let journal = try conflicts()
        return try writer.read { db in
            var lines: [String] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT f.scope, f.collection, f.key, f.field, f.value, f.conflicted, f.heads
                FROM gs_field f
                """)
            while let row = try rows.next() {
                let record = RecordID(scope: Scope(storedName: row[0]), collection: row[1], key: row[2])
                let heads = try self.changeIDs(db, rowIDs: Self.decodeRowIDs(row[6]))
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
        MergedState(changes: try allChanges())
    }

    /// What `verify` found: SQLite's integrity check, and whether the state equals what the log produces.
    public struct Verification: Sendable {
        /// `ok`, or SQLite's list of problems.
        public var integrity: [String]
        /// Lines the materialised state has that the log does not produce, and the reverse.
        public var extraLines: [String]
        public var missingLines: [String]
        /// Whether the vector equals the gap-free prefix of each stream in the log.
        public var vectorMatchesLog: Bool

        /// Whether nothing is wrong.
        public var isHealthy: Bool { integrity == ["ok"] && extraLines.isEmpty && missingLines.isEmpty && vectorMatchesLog }
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
        return Verification(integrity: integrity, extraLines: materialized.subtracting(recomputed).sorted(),
                            missingLines: recomputed.subtracting(materialized).sorted(), vectorMatchesLog: vectorOK)
    }
}

extension ReplicaStore {
    /// How many times SQLite prepared again a statement the writer connection holds (a statement whose plan
    /// depends on a parameter's value is prepared again whenever that value changes). For tests.
    func statementReprepares() throws -> Int {
        try writer.write { db in
            var total: Int32 = 0
            var statement = sqlite3_next_stmt(db.sqliteConnection, nil)
            while let current = statement {
                total += sqlite3_stmt_status(current, Int32(SQLITE_STMTSTATUS_REPREPARE), 0)
                statement = sqlite3_next_stmt(db.sqliteConnection, current)
            }
            return Int(total)
        }
    }
}
