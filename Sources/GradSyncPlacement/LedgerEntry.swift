import GradSyncCore

/// An assistance-ledger entry as the store shows it.
public struct LedgerEntry: Sendable, Equatable {
    /// The department code, the entry's scope.
    public let department: String
    /// The current values.
    public let fields: [String: FieldValue]
    /// The entry's record key (random), nil when not read from a replica; orders entries of one day.
    public let key: String?

    /// Makes an entry.
    public init(department: String, fields: [String: FieldValue], key: String? = nil) {
        self.department = department
        self.fields = fields
        self.key = key
    }

    /// What the entry records, nil when `kind` is missing or unknown.
    public var kind: LedgerKind? { fields["kind"]?.stringValue.flatMap(LedgerKind.init(rawValue:)) }

    /// The graduate the entry is about.
    public var studentNumber: String? { fields["student_no"]?.stringValue }

    /// The day the entry records, nil when missing or not a real `yyyy-mm-dd` date.
    public var date: CalendarDate? { fields["date"]?.stringValue.flatMap(CalendarDate.init) }

    /// The mentor named, for `mentor` and `talk` entries.
    public var mentor: String? { fields["mentor"]?.stringValue }

    /// Training hours in tenths of an hour (`Tenths`), 0 when not given or unreadable.
    public var hoursInTenths: Int64 { fields["hours"].flatMap(Tenths.tenths(of:)) ?? 0 }

    /// What makes two entries the same event: the graduate, the kind, the date and the kind's own fields
    /// (`LedgerKind.neededFields`), as one canonical text; nil when the kind is unknown.
    ///
    /// Entries merge as a set under random keys, so the same talk entered on two replicas offline arrives
    /// twice; counting by identity counts it once. Fields beyond the kind's own (notes, newer fields) do not
    /// make an entry different.
    public var identity: String? {
        guard let kind else { return nil }
        var parts: [String: FieldValue] = ["kind": .string(kind.rawValue)]
        for name in ["student_no", "date"] + kind.neededFields { parts[name] = fields[name] ?? .null }
        if let hours = fields["hours"], kind == .training { parts["hours"] = Tenths.canonical(hours) }
        return FieldValue.object(parts).canonicalJSON
    }
}
