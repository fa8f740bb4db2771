import GradSyncCore

/// A record as this replica shows it: every field's winning value, with conflict marks.
public struct RecordState: Sendable, Equatable {
    /// The record's identity.
    public var id: RecordID
    /// The shown value of each field (tombstone excluded).
    public var fields: [String: FieldValue]
    /// Fields whose heads hold different values (in the conflict journal).
    public var conflictedFields: Set<String>
    /// Whether the shown tombstone says deleted.
    public var isDeleted: Bool

    /// Makes a record state.
    public init(id: RecordID, fields: [String: FieldValue], conflictedFields: Set<String>, isDeleted: Bool) {
        self.id = id
        self.fields = fields
        self.conflictedFields = conflictedFields
        self.isDeleted = isDeleted
    }
}

/// One entry of a field's history: who set it to what, when, and what it held before.
public struct HistoryEntry: Sendable, Equatable {
    /// The change.
    public var change: Change
    /// The values of the heads it superseded (several after a concurrent edit; none for a first write).
    public var previous: [FieldValue]
}

/// One entry of the conflict journal.
public enum ConflictEntry: Sendable, Equatable {
    /// A field edited concurrently: every head, the shown one first.
    case field(record: RecordID, field: String, heads: [Change])
    /// A record deleted while someone edited it: the fields whose heads the delete had not seen.
    case deletedWhileEdited(record: RecordID, unseenFields: [String])

    /// The record concerned.
    public var record: RecordID {
        switch self {
        case .field(let record, _, _), .deletedWhileEdited(let record, _): return record
        }
    }
}
