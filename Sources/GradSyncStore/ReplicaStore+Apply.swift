import Foundation
import GRDB
import GradSyncCore

/// What applying a page of remote changes did.
public struct ApplyResult: Sendable, Equatable {
    /// Changes stored for the first time.
    public var applied = 0
    /// Changes already held (same id, same content): no-ops.
    public var duplicates = 0
    /// Changes dropped because they did not extend their stream's gap-free prefix; a later sync brings them again.
    public var dropped = 0
    /// Origins whose stamps were further ahead of this replica's clock than the allowed drift.
    public var clockSuspects: [ClockSuspect] = []

    /// An empty result.
    public init() {}
}

/// An origin seen stamping further ahead than the allowed drift, and by how much.
public struct ClockSuspect: Sendable, Equatable, Hashable {
    /// The replica whose clock looks wrong.
    public var origin: ReplicaID
    /// The furthest ahead of the receiver's clock it was seen, in milliseconds.
    public var aheadMilliseconds: UInt64
    /// When it was last seen (receiver's clock), Unix milliseconds.
    public var lastSeenMilliseconds: UInt64

    /// Describes a suspect clock.
    public init(origin: ReplicaID, aheadMilliseconds: UInt64, lastSeenMilliseconds: UInt64) {
        self.origin = origin
        self.aheadMilliseconds = aheadMilliseconds
        self.lastSeenMilliseconds = lastSeenMilliseconds
    }
}

extension ReplicaStore {
    /// Applies a page of remote changes in one transaction with the vector update.
    ///
    /// The whole page is refused (nothing applied) when any change lies outside this replica's scope,
    /// fails validation, or forks a stream (`replica_fork`). Applying the same page twice changes nothing.
    /// A change that does not extend its stream's gap-free prefix is dropped, so the vector never passes a gap.
    @discardableResult
    public func apply(_ changes: [Change]) throws -> ApplyResult {
        try precheck(changes)
        try registerOrigins(Set(changes.map(\.id.origin)))
        return try writer.write { db in try self.applyChecked(db, changes) }
    }

    /// Applies a page from an async context without blocking the caller's executor.
    @discardableResult
    public func applyAsync(_ changes: [Change]) async throws -> ApplyResult {
        try precheck(changes)
        try await registerOriginsAsync(Set(changes.map(\.id.origin)))
        return try await writer.write { db in try self.applyChecked(db, changes) }
    }

    /// The checks of each change on its own, done before any transaction starts.
    func precheck(_ changes: [Change]) throws {
        for change in changes {
            guard scope.holds(change.id.scope) else { throw StoreError.outOfScope(scope: change.id.scope, allowed: scope) }
            guard change.id.seq > 0, !change.field.isEmpty else {
                throw StoreError.invalid(ValidationError(field: "seq", value: change.id.description, allowed: "seq starts at 1 and a field name is required"))
            }
            try Self.checkStorable(change.value, field: change.field)
            try Self.checkIdentifiers(change)
            do {
                try validator.validate(change)
            } catch {
                throw StoreError.invalid(error)
            }
        }
    }

    /// Refuses a value the store could not read back (nested deeper than the JSON reader allows).
    static func checkStorable(_ value: FieldValue, field: String) throws {
        let depth = value.nestingDepth
        guard depth <= FieldValue.maximumDepth else {
            throw StoreError.invalid(ValidationError(field: field, value: "a value nested \(depth) levels deep",
                                                     allowed: "lists and objects nest at most \(FieldValue.maximumDepth) levels"))
        }
    }

    /// Refuses identifiers not in Unicode NFC: SQLite compares them as bytes and Swift as canonically
    /// equivalent text, so two spellings of one name could be one record to one layer and two to the other.
    static func checkIdentifiers(_ change: Change) throws {
        for (name, text) in [("collection", change.collection), ("key", change.key), ("field", change.field)]
        where !text.precomposedStringWithCanonicalMapping.utf8.elementsEqual(text.utf8) {
            throw StoreError.invalid(ValidationError(field: name, value: text, allowed: "identifiers must be in Unicode normalization form C (NFC)"))
        }
    }

    func applyChecked(_ db: Database, _ changes: [Change]) throws -> ApplyResult {
        var result = ApplyResult()
        let now = wallClock()
        var suspects: [ReplicaID: UInt64] = [:]
        var hasPendingBases = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM gs_pending_base)") ?? false
        for change in changes {
            let origin = try originNumber(db, for: change.id.origin)
            let hash = change.contentHash
            if let stored = try String.fetchOne(
                db.cachedStatement(sql: "SELECT hash FROM gs_change WHERE origin = ? AND scope = ? AND seq = ?"),
                arguments: [origin, change.id.scope.name, Int64(bitPattern: change.id.seq)]) {
                guard stored == hash else { throw StoreError.replicaFork(change.id) }
                result.duplicates += 1
                continue
            }
            let held = try storedSeq(db, origin: origin, scope: change.id.scope)
            guard change.id.seq == held + 1 else {
                result.dropped += 1
                continue
            }
            let rowID = try insertChange(db, change, origin: origin, hash: hash)
            try storeSeq(db, origin: origin, scope: change.id.scope, seq: change.id.seq)
            if try mergeIntoHeads(db, change, rowID: rowID, checkPending: hasPendingBases) { hasPendingBases = true }
            result.applied += 1
            if let ahead = clockRule.suspectAmount(of: change.hlc, wallMilliseconds: now) {
                suspects[change.id.origin] = max(suspects[change.id.origin] ?? 0, ahead)
            }
        }
        for (origin, ahead) in suspects.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(sql: """
                INSERT INTO gs_clock_suspect (origin, max_ahead_ms, last_seen_ms) VALUES (?, ?, ?)
                ON CONFLICT (origin) DO UPDATE SET max_ahead_ms = max(max_ahead_ms, excluded.max_ahead_ms), last_seen_ms = excluded.last_seen_ms
                """).execute(arguments: [try originNumber(db, for: origin), Int64(ahead), Int64(now)])
            result.clockSuspects.append(ClockSuspect(origin: origin, aheadMilliseconds: ahead, lastSeenMilliseconds: now))
        }
        return result
    }

    /// Updates a field's heads and shown value for a newly stored remote change.
    ///
    /// Returns whether a pending base was recorded (a base named before its change arrived).
    func mergeIntoHeads(_ db: Database, _ change: Change, rowID newRowID: Int64, checkPending: Bool) throws -> Bool {
        let record = change.record
        var heads = try loadHeads(db, record: record, field: change.field)
        var removed: [Int64] = []
        var recordedPending = false
        // A base not yet held is kept as pending, except one of another scope: that is a change of another
        // record (the scope is part of the record's identity), which this change can never supersede.
        for base in change.bases {
            if let index = heads.firstIndex(where: { $0.id == base }) {
                removed.append(heads.remove(at: index).rowID)
            } else if base.scope == change.id.scope, try rowID(db, of: base) == nil {
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO gs_pending_base (origin, scope, seq, collection, key, field) VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [base.origin.hex, base.scope.name, Int64(bitPattern: base.seq),
                                             change.collection, change.key, change.field])
                recordedPending = true
            }
        }
        var isSuperseded = false
        if checkPending {
            // Only a base named by a change of this same field supersedes it.
            let arguments: StatementArguments = [change.id.origin.hex, change.id.scope.name, Int64(bitPattern: change.id.seq),
                                                 change.collection, change.key, change.field]
            let match = "origin = ? AND scope = ? AND seq = ? AND collection = ? AND key = ? AND field = ?"
            isSuperseded = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM gs_pending_base WHERE \(match))"),
                                             arguments: arguments) ?? false
            if isSuperseded {
                try db.cachedStatement(sql: "DELETE FROM gs_pending_base WHERE \(match)").execute(arguments: arguments)
            }
        }
        if !isSuperseded {
            heads.append(HeadRow(rowID: newRowID, id: change.id, hlc: change.hlc, value: change.value.canonicalJSON))
        }
        if removed.isEmpty && isSuperseded { return recordedPending }
        try storeHeads(db, record: record, field: change.field, heads: heads, removed: removed, added: isSuperseded ? nil : newRowID)
        return recordedPending
    }
}
