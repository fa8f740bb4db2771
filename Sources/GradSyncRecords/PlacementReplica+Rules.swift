import GradSyncCore
import GradSyncPlacement
import GradSyncStore

extension PlacementReplica {
    /// The university keeps Beijing time (UTC+8): a date "today" is the date there.
    static let universityUTCOffsetHours = 8

    /// Today's date where the university is, by the store's wall clock (tests inject one).
    public var today: CalendarDate {
        CalendarDate(unixMilliseconds: store.wallClockNow(), offsetHours: Self.universityUTCOffsetHours)
    }

    /// The fields a write sets, with what a destination change brings in the same write.
    ///
    /// When the write sets a destination, every field held now that the destination does not use
    /// (`DestinationFields`) and that the write does not set itself is cleared: each clearing is an ordinary
    /// change whose value is null. When an existing record's destination changes, it goes back to review
    /// (`review_status` 待审核) unless the central node sets a status in the same write; a status never given
    /// is left unset, since no status means no review yet.
    func completedWrite(_ values: [String: FieldValue], over current: RecordState?) -> [String: FieldValue] {
        guard let code = values["destination_code"], !code.isNull else { return values }
        var write = values
        let shown = current?.fields ?? [:]
        if let destination = code.stringValue.flatMap({ Destination($0, codes: validator.graduates.codes) }) {
            let used = DestinationFields.used(by: destination)
            for name in DestinationFields.dependent where !used.contains(name) && write[name] == nil && !(shown[name] ?? .null).isNull {
                write[name] = .null
            }
        }
        guard current != nil, shown["destination_code"] != code, !(isCentral && values["review_status"] != nil) else { return write }
        if values["review_status"] != nil || !(shown["review_status"] ?? .null).isNull {
            write["review_status"] = .string("待审核")
        }
        return write
    }

    /// What this replica may not write because it is the central office's act; none on the central node.
    func centralActProblems(current: RecordState?, writing values: [String: FieldValue]) -> [ValidationError] {
        isCentral ? [] : GraduateValidator.centralActProblems(current: current?.fields, writing: values)
    }

    /// The student numbers a new one is checked against: every department on the central node, else this one.
    func studentNumberIndex(in transaction: StoreTransaction, scopes: [Scope]? = nil) throws -> StudentNumberIndex {
        try StudentNumberIndex(scopes: scopes ?? departmentsHeld(in: transaction), in: transaction)
    }
}
