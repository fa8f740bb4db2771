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
    /// Of `dropped`, the changes of origins whose keys the receiver holds that no verified tip of the page proved.
    public var unproven = 0
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
    ///
    /// With `proofs`, as `applyAsync(_:contentHashes:proofs:)`.
    @discardableResult
    public func apply(_ changes: [Change], proofs: OriginProofs? = nil) throws -> ApplyResult {
        try precheck(changes)
        try registerOrigins(Set(changes.map(\.id.origin)))
        return try writer.write { db in try self.applyChecked(db, changes, proofs: proofs) }
    }

    /// Applies a page from an async context without blocking the caller's executor.
    @discardableResult
    public func applyAsync(_ changes: [Change]) async throws -> ApplyResult {
        try precheck(changes)
        try await registerOriginsAsync(Set(changes.map(\.id.origin)))
        return try await writer.write { db in try self.applyChecked(db, changes) }
    }

    /// Applies a page, from an async context, whose content hashes the caller already holds (checked against the
    /// wire), so they are not computed again. `contentHashes[i]` must be `changes[i].contentHash`.
    ///
    /// With `proofs`, a stream whose origin's key this replica holds takes new changes only up to the page's verified
    /// tip of it (protocol/SPEC.md, section 5.3): the changes after it, or all of the stream's new changes when the
    /// page holds no tip of it, are dropped; a page whose changes lead to a tip's seq with another chain digest is
    /// refused (`StoreError.forgedChange`).
    @discardableResult
    public func applyAsync(_ changes: [Change], contentHashes: [String], proofs: OriginProofs? = nil) async throws -> ApplyResult {
        precondition(changes.count == contentHashes.count, "one content hash per change")
        try precheck(changes)
        try await registerOriginsAsync(Set(changes.map(\.id.origin)))
        return try await writer.write { db in try self.applyChecked(db, changes, contentHashes: contentHashes, proofs: proofs) }
    }

    /// The checks of each change on its own, done before any transaction starts.
    func precheck(_ changes: [Change]) throws {
        for change in changes {
            guard scope.holds(change.id.scope) else { throw StoreError.outOfScope(scope: change.id.scope, allowed: scope) }
            guard change.id.seq > 0, !change.field.isEmpty else {
                throw StoreError.invalid(ValidationError(field: "seq", value: change.id.description, allowed: RecordMessages.seqAndField))
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
            throw StoreError.invalid(ValidationError(field: field, value: RecordMessages.nested(depth),
                                                     allowed: RecordMessages.nesting(FieldValue.maximumDepth)))
        }
    }

    /// Refuses a key that is not 1–256 of `A-Za-z0-9_-`, identifiers not in Unicode NFC, and control characters
    /// in any text of the change (a line feed is left to the schema inside a value).
    ///
    /// NFC: SQLite compares identifiers as bytes and Swift as canonically equivalent text, so two spellings of
    /// one name could be one record to one layer and two to the other. Control characters: text is printed on
    /// terminals (`conflicts`, `graduate history`), where `ESC [ 2 J` would clear the screen.
    static func checkIdentifiers(_ change: Change) throws {
        guard RecordLimits.isValidKey(change.key) else {
            throw StoreError.invalid(ValidationError(field: "key", value: change.key, allowed: RecordMessages.key))
        }
        try checkNames(collection: change.collection, field: change.field, author: change.author)
        try checkValueText(change)
    }

    /// The checks of `checkIdentifiers` on a change's collection, field and author alone: a snapshot, where few
    /// distinct names recur across every change, runs them once per name.
    static func checkNames(collection: String, field: String, author: String) throws {
        for (name, text) in [("collection", collection), ("field", field)] where !isNFC(text) {
            throw StoreError.invalid(ValidationError(field: name, value: text, allowed: RecordMessages.nfc))
        }
        for (name, text) in [("collection", collection), ("field", field), ("author", author)] {
            guard let control = ControlCharacters.first(in: text) else { continue }
            throw StoreError.invalid(ValidationError(field: name, value: RecordMessages.holdingControl(control), allowed: RecordMessages.noControlCharacters))
        }
    }

    /// The check of `checkIdentifiers` on the texts of a change's value.
    static func checkValueText(_ change: Change) throws {
        if let text = change.value.firstTextWithControlCharacter(allowingLineFeeds: true),
           let control = ControlCharacters.first(in: text, allowingLineFeeds: true) {
            throw StoreError.invalid(ValidationError(field: change.field, value: RecordMessages.holdingControl(control),
                                                     allowed: RecordMessages.noControlCharactersButLineFeeds))
        }
    }

    /// Refuses a value whose canonical JSON (`canonicalBytes` of it) is larger than `RecordLimits.maximumValueBytes`.
    static func checkSize(_ canonicalBytes: Int, field: String) throws {
        guard canonicalBytes <= RecordLimits.maximumValueBytes else {
            throw StoreError.invalid(ValidationError(field: field, value: RecordMessages.valueBytes(canonicalBytes), allowed: RecordMessages.valueSize))
        }
    }

    /// ASCII text is in NFC as it stands; anything else is normalised and compared byte for byte.
    static func isNFC(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 } || text.precomposedStringWithCanonicalMapping.utf8.elementsEqual(text.utf8)
    }

    func applyChecked(_ db: Database, _ changes: [Change], contentHashes: [String]? = nil, proofs: OriginProofs? = nil) throws -> ApplyResult {
        var result = ApplyResult()
        // How far each stream of a keyed origin may grow with this page (its verified tip), decided before anything is stored.
        var limits: [StreamKey: UInt64] = [:]
        var proven: [SignedTip] = []
        if let proofs, !proofs.keyedOrigins.isEmpty {
            (limits, proven) = try provenLimits(db, changes, contentHashes: contentHashes, proofs: proofs)
        }
        let now = wallClock()
        var suspects: [ReplicaID: UInt64] = [:]
        var hasPendingBases = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM gs_pending_base)") ?? false
        // Each stream's gap-free seq, read once per page and written back once: a stream holds exactly
        // its seqs 1...held, so only a change at or below `held` can already be stored.
        var streams: [StreamKey: StreamProgress] = [:]
        // Fields held per record, counted only when a change of the page creates a field row (rarely, after the
        // first sync), then kept here so a record's new fields cost one count per page.
        var fieldCounts: [RecordID: Int] = [:]
        for (index, change) in changes.enumerated() {
            let key = change.id.stream
            var stream: StreamProgress
            if let known = streams[key] {
                stream = known
            } else {
                let origin = try originNumber(db, for: change.id.origin)
                let held = try storedSeq(db, origin: origin, scope: change.id.scope)
                stream = StreamProgress(origin: origin, stored: held, held: held)
            }
            if change.id.seq <= stream.held {
                if let stored = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT hash FROM gs_change WHERE origin = ? AND scope = ? AND seq = ?"),
                    arguments: [stream.origin, change.id.scope.name, Int64(bitPattern: change.id.seq)]) {
                    guard stored == contentHashes?[index] ?? change.contentHash else { throw StoreError.replicaFork(change.id) }
                    result.duplicates += 1
                } else {
                    result.dropped += 1
                }
                continue
            }
            guard change.id.seq == stream.held + 1 else {
                result.dropped += 1
                continue
            }
            // A keyed origin's change past the tip that proves it: a relay without proof, or a forgery; not stored.
            if let limit = limits[key], change.id.seq > limit {
                result.dropped += 1
                result.unproven += 1
                continue
            }
            let value = CanonicalBytes.text(change.value)
            try Self.checkSize(value.utf8.count, field: change.field)
            let rowID = try insertChange(db, change, origin: stream.origin, hash: contentHashes?[index] ?? change.contentHash, value: value)
            stream.held = change.id.seq
            streams[key] = stream
            if try mergeIntoHeads(db, change, value: value, rowID: rowID, checkPending: hasPendingBases, fieldCounts: &fieldCounts) {
                hasPendingBases = true
            }
            result.applied += 1
            if let ahead = clockRule.suspectAmount(of: change.hlc, wallMilliseconds: now) {
                suspects[change.id.origin] = max(suspects[change.id.origin] ?? 0, ahead)
            }
        }
        for (key, stream) in streams where stream.held != stream.stored {
            try storeSeq(db, origin: stream.origin, scope: key.scope, seq: stream.held)
        }
        for tip in proven {
            try noteChain(db, origin: try originNumber(db, for: tip.stream.origin), scope: tip.stream.scope, seq: tip.seq,
                          chain: tip.chain, signature: tip.signature)
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

    /// Where one stream stands while a page is applied.
    struct StreamProgress {
        /// The origin's small integer.
        var origin: Int64
        /// The gap-free seq stored in `gs_vector` when the page started.
        var stored: UInt64
        /// The gap-free seq held now, with the page's changes so far.
        var held: UInt64
    }

    /// Updates a field's heads and shown value for a newly stored remote change.
    ///
    /// Returns whether a pending base was recorded (a base named before its change arrived).
    func mergeIntoHeads(_ db: Database, _ change: Change, value: String, rowID newRowID: Int64, checkPending: Bool,
                        fieldCounts: inout [RecordID: Int]) throws -> Bool {
        let record = change.record
        var heads = try loadHeads(db, record: record, field: change.field)
        let createsField = heads.isEmpty && !change.isTombstone
        var recordedPending = false
        // A base not yet held is kept as pending, except one of another scope: that is a change of another
        // record (the scope is part of the record's identity), which this change can never supersede.
        let removedAny = try MergeRule.removeSuperseded(from: &heads, bases: change.bases) { base in
            guard base.scope == change.id.scope, try rowID(db, of: base) == nil else { return }
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO gs_pending_base (origin, scope, seq, collection, key, field) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [base.origin.hex, base.scope.name, Int64(bitPattern: base.seq),
                                         change.collection, change.key, change.field])
            recordedPending = true
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
            if createsField {
                try admitFields(db, record, adding: [change.field], limit: RecordLimits.maximumReceivedFields, counts: &fieldCounts)
            }
            heads.append(HeadRow(rowID: newRowID, id: change.id, hlc: change.hlc, value: value))
        }
        if !removedAny && isSuperseded { return recordedPending }
        try storeHeads(db, record: record, field: change.field, heads: heads)
        return recordedPending
    }
}
