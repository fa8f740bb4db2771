import GRDB
import GradSyncCore

/// One stream of a log as a snapshot covers it: its highest seq and the content hash of the change there.
public struct StreamTip: Hashable, Sendable {
    /// The stream.
    public var stream: StreamKey
    /// The highest seq held (gap-free).
    public var seq: UInt64
    /// The content hash of the change at `seq`, 64 lowercase hex digits.
    public var hash: String

    /// Describes a stream's tip.
    public init(stream: StreamKey, seq: UInt64, hash: String) {
        self.stream = stream
        self.seq = seq
        self.hash = hash
    }
}

/// A change of the log with its value as the canonical JSON text the log keeps, and its content hash.
public struct ScopeLogEntry: Sendable {
    /// The change's id.
    public var id: ChangeID
    /// Its stamp.
    public var hlc: HLCTimestamp
    /// Its record's collection.
    public var collection: String
    /// Its record's key.
    public var key: String
    /// Its field.
    public var field: String
    /// Its value's canonical JSON.
    public var valueText: String
    /// The changes it supersedes.
    public var bases: [ChangeID]
    /// The changes its author had seen.
    public var seen: [ChangeID]
    /// Its author.
    public var author: String
    /// Its content hash, 64 lowercase hex digits.
    public var contentHash: String
}

extension ReplicaStore {
    /// Reads every change within `filter` in storage order, from ONE read transaction: first `start` receives the
    /// vector that transaction sees, each stream with its tip, then `each` receives every change with its value's
    /// canonical JSON and its content hash, exactly the changes that vector covers.
    ///
    /// Under WAL a read transaction is a snapshot of the database: writers (pushes, local writes) go on meanwhile and
    /// are simply not seen. This blocks its thread for as long as the callbacks take: call it off Swift's cooperative
    /// pool (the node runs it on a thread of its own).
    public func readScopeLog(filter: ReplicaScope, start: ([StreamTip]) throws -> Void,
                             each: (_ change: Change, _ valueText: String, _ contentHash: String) throws -> Void) throws {
        try readScopeRows(filter: filter, start: start) { db, row in
            try each(try self.decodeChange(db, row), row[8], row[12])
        }
    }

    /// The same as `readScopeLog`, each change as a `ScopeLogEntry`: its value stays the canonical JSON the log
    /// keeps, never parsed (a snapshot writer stores that text as it is, and parsing it was a tenth of its build).
    public func readScopeLogEntries(filter: ReplicaScope, start: ([StreamTip]) throws -> Void,
                                    each: (ScopeLogEntry) throws -> Void) throws {
        try readScopeRows(filter: filter, start: start) { db, row in
            try each(ScopeLogEntry(
                id: ChangeID(origin: try self.originID(db, number: row[1]), scope: Scope(storedName: row[2]),
                             seq: UInt64(row[3] as Int64)),
                hlc: HLCTimestamp(rawValue: UInt64(bitPattern: row[4])),
                collection: row[5], key: row[6], field: row[7], valueText: row[8],
                bases: Self.decodeIDs(row[9]), seen: Self.decodeIDs(row[10]), author: row[11], contentHash: row[12]))
        }
    }

    private func readScopeRows(filter: ReplicaScope, start: ([StreamTip]) throws -> Void,
                               each: (Database, Row) throws -> Void) throws {
        try writer.read { db in
            let vector = try self.readVector(db, filter: filter)
            var tips: [StreamTip] = []
            for (stream, seq) in vector.entries.sorted(by: { $0.key < $1.key }) where seq > 0 {
                let origin = try self.originNumber(db, for: stream.origin)
                guard let hash = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT hash FROM gs_change WHERE origin = ? AND scope = ? AND seq = ?"),
                    arguments: [origin, stream.scope.name, Int64(bitPattern: seq)]) else {
                    throw StoreError.incompatibleFormat("the vector holds \(stream) up to \(seq), but that change is not in the log")
                }
                tips.append(StreamTip(stream: stream, seq: seq, hash: hash))
            }
            try start(tips)
            // A department's log is its own scope's rows and shared's, each read through the scope index and merged
            // by rowid, so neither other departments' rows are read nor a sort of the whole log is needed.
            let sql = "SELECT \(Self.changeColumns), c.hash FROM gs_change c"
            var cursors: [RowCursor]
            switch filter {
            case .central:
                cursors = [try Row.fetchCursor(db.makeStatement(sql: sql + " ORDER BY c.rowid"))]
            case .department(let own):
                cursors = try (own.isShared ? ["shared"] : [own.name, "shared"]).map { scope in
                    try Row.fetchCursor(db.makeStatement(sql: sql + " WHERE c.scope = ? ORDER BY c.rowid"), arguments: [scope])
                }
            }
            var current: [Row?] = try cursors.indices.map { try cursors[$0].next() }
            while true {
                var next: Int?
                for index in current.indices {
                    guard let row = current[index] else { continue }
                    if let chosen = next, let other = current[chosen], (other[0] as Int64) < (row[0] as Int64) { continue }
                    next = index
                }
                guard let index = next, let row = current[index] else { break }
                try each(db, row)
                current[index] = try cursors[index].next()
            }
        }
    }
}
