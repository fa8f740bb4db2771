import GradSyncCore

/// An assistance-ledger entry as the store shows it.
public struct LedgerEntry: Sendable, Equatable {
    /// The department code, the entry's scope.
    public let department: String
    /// The current values.
    public let fields: [String: FieldValue]

    /// Makes an entry.
    public init(department: String, fields: [String: FieldValue]) {
        self.department = department
        self.fields = fields
    }

    /// What the entry records, nil when `kind` is missing or unknown.
    public var kind: LedgerKind? { fields["kind"]?.stringValue.flatMap(LedgerKind.init(rawValue:)) }

    /// The graduate the entry is about.
    public var studentNumber: String? { fields["student_no"]?.stringValue }

    /// Training hours, 0 when not given.
    public var hours: Int64 { fields["hours"]?.integerValue ?? 0 }
}
