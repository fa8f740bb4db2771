/// One gap-free stream of changes: those of one origin replica within one scope.
public struct StreamKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The replica that wrote the stream's changes.
    public var origin: ReplicaID
    /// The scope every change of the stream belongs to.
    public var scope: Scope

    /// Names a stream.
    public init(origin: ReplicaID, scope: Scope) {
        self.origin = origin
        self.scope = scope
    }

    public static func < (lhs: StreamKey, rhs: StreamKey) -> Bool {
        (lhs.origin, lhs.scope) < (rhs.origin, rhs.scope)
    }

    public var description: String { "\(origin)/\(scope)" }
}

/// The identity of a change: its stream and its position in that stream (from 1, without gaps).
public struct ChangeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The replica that wrote the change.
    public var origin: ReplicaID
    /// The scope (department or `shared`) of the changed record.
    public var scope: Scope
    /// The change's position in its stream, from 1.
    public var seq: UInt64

    /// Names a change.
    public init(origin: ReplicaID, scope: Scope, seq: UInt64) {
        self.origin = origin
        self.scope = scope
        self.seq = seq
    }

    /// The stream this change belongs to.
    public var stream: StreamKey { StreamKey(origin: origin, scope: scope) }

    public static func < (lhs: ChangeID, rhs: ChangeID) -> Bool {
        (lhs.origin, lhs.scope, lhs.seq) < (rhs.origin, rhs.scope, rhs.seq)
    }

    /// `origin/scope/seq`, the form used in messages and the wire.
    public var description: String { "\(origin)/\(scope)/\(seq)" }

    /// Parses the `origin/scope/seq` form, seq in decimal without a sign or leading zeros.
    ///
    /// Only the form `description` writes is read: an id read from `…/01` would be kept and sent on as `…/1`, so
    /// the canonical text (which holds ids as text) of the change naming it would differ from what its writer hashed.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let origin = ReplicaID(hex: String(parts[0])), let scope = try? Scope(String(parts[1])),
              let first = parts[2].utf8.first, first != UInt8(ascii: "0"), parts[2].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let seq = UInt64(parts[2]) else { return nil }
        self.init(origin: origin, scope: scope, seq: seq)
    }
}

/// One field of one record set to a value: the unit of replication, immutable once written.
public struct Change: Hashable, Sendable {
    /// Which change this is: (origin, scope, seq).
    public var id: ChangeID
    /// When it was written, on the origin's hybrid logical clock.
    public var hlc: HLCTimestamp
    /// The kind of record, e.g. `graduate` or `ledger`.
    public var collection: String
    /// The record's key within its scope and collection, e.g. a student number.
    public var key: String
    /// The field set; `_deleted` is the record's tombstone.
    public var field: String
    /// The value the field was set to.
    public var value: FieldValue
    /// Every head of this field the writer held when it wrote (empty for a first write).
    public var bases: [ChangeID]
    /// For a tombstone: the heads of every field of the record when the delete was written.
    public var seen: [ChangeID]
    /// Who wrote it (a person or a process), for the audit trail.
    public var author: String

    /// The tombstone field: `deletedValue` deletes the record, `restoredValue` restores it.
    public static let tombstoneField = "_deleted"

    /// The tombstone value that deletes the record.
    public static let deletedValue = FieldValue.bool(true)

    /// The tombstone value that restores the record.
    public static let restoredValue = FieldValue.bool(false)

    /// Makes a change; `bases` and `seen` are kept sorted so equal changes have equal bytes.
    public init(id: ChangeID, hlc: HLCTimestamp, collection: String, key: String, field: String,
                value: FieldValue, bases: [ChangeID] = [], seen: [ChangeID] = [], author: String) {
        self.id = id
        self.hlc = hlc
        self.collection = collection
        self.key = key
        self.field = field
        self.value = value
        self.bases = bases.sorted()
        self.seen = seen.sorted()
        self.author = author
    }

    /// The record this change belongs to.
    public var record: RecordID { RecordID(scope: id.scope, collection: collection, key: key) }

    /// Whether this change is the record's tombstone field.
    public var isTombstone: Bool { field == Change.tombstoneField }

    /// The canonical bytes of everything the change says, from which its content hash is taken.
    ///
    /// A JSON array with a fixed member order, so it is stable across versions and languages.
    public var canonicalText: String {
        let parts: [FieldValue] = [
            .string(id.origin.hex), .string(id.scope.name), .integer(Int64(bitPattern: id.seq)),
            .integer(Int64(bitPattern: hlc.rawValue)), .string(collection), .string(key), .string(field), value,
            .list(bases.map { .string($0.description) }), .list(seen.map { .string($0.description) }),
            .string(author),
        ]
        return FieldValue.list(parts).canonicalJSON
    }
}

/// A change is a head of its field to the merge rule; `FieldValue` already compares as canonical bytes.
extension Change: MergeHead {
    /// Whether this change set the field to `value` (canonical bytes, not Unicode equivalence).
    public func holds(_ value: FieldValue) -> Bool { self.value == value }
}

/// A record's identity: (scope, collection, key). The scope never changes.
public struct RecordID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The record's department, or `shared`.
    public var scope: Scope
    /// The kind of record.
    public var collection: String
    /// The key within scope and collection.
    public var key: String

    /// Names a record.
    public init(scope: Scope, collection: String, key: String) {
        self.scope = scope
        self.collection = collection
        self.key = key
    }

    public static func < (lhs: RecordID, rhs: RecordID) -> Bool {
        (lhs.scope, lhs.collection, lhs.key) < (rhs.scope, rhs.collection, rhs.key)
    }

    public var description: String { "\(scope)/\(collection)/\(key)" }
}
