import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// What adding a ledger entry did: the entry's record, and warnings that did not stop it.
public struct LedgerAddition: Sendable, Equatable {
    /// The new entry's record (random key).
    public let id: RecordID
    /// Things worth telling whoever added the entry, e.g. that the graduate is in no key group.
    public let warnings: [String]
}

extension PlacementReplica {
    /// Adds an assistance-ledger entry about a live graduate, under a random key.
    ///
    /// `values` are the entry's fields besides `kind` and `student_no`; `date` defaults to `today` (Beijing time, by
    /// the store's wall clock). The entry is checked as a whole (the kind's own fields) inside the transaction that
    /// writes it. Refused: a date more than one day after today (an entry records what happened; one day allows for
    /// a clock or a time zone off by a little), and an entry identical to one the graduate already has
    /// (`LedgerEntry.identity`), so the same talk is not entered twice. An entry about a graduate in no key group is
    /// written with a warning: the assistance report counts only key-group graduates, but the group may come later.
    @discardableResult
    public func addLedgerEntry(_ studentNumber: String, department code: String? = nil, kind: LedgerKind,
                               values: [String: FieldValue], author: String) throws -> LedgerAddition {
        let today = self.today
        return try store.transaction(author: author) { transaction in
            let graduate = try self.findGraduate(studentNumber, department: code, in: transaction)
            guard !graduate.isDeleted else { throw StoreError.recordDeleted(graduate.id) }
            var fields = values.filter { !$0.value.isNull }
            fields["kind"] = .string(kind.rawValue)
            fields["student_no"] = .string(studentNumber)
            fields["date"] = fields["date"] ?? .string(today.description)
            // Typed hours arrive as text (`1.5`); stored in their canonical form, so the same amount is the same value.
            if let hours = fields["hours"] { fields["hours"] = Tenths.canonical(hours) }
            let id = RecordID(scope: graduate.id.scope, collection: LedgerSchema.collection, key: ReplicaID.random().hex)
            let problems = Self.writtenFieldProblems(fields, key: id.key, keyField: nil, schema: LedgerSchema.field(named:))
                + self.validator.ledger.validateEntry(fields) + Self.futureDateProblems(fields, today: today)
            guard problems.isEmpty else { throw RecordsError.invalid(subject: Messages.ledgerEntry(studentNumber), problems: problems) }
            let entry = LedgerEntry(department: id.scope.name, fields: fields, key: id.key)
            if let held = try Self.identicalEntry(to: entry, scope: id.scope, in: transaction) {
                throw RecordsError.refused(Messages.duplicateLedgerEntry(studentNumber, kind: kind.label,
                                                                         date: held.fields["date"]?.stringValue ?? "", entry: held.id.key))
            }
            try transaction.write(id, fields: fields, mode: .create, prevalidated: true)
            var warnings: [String] = []
            if !graduate.graduate.isKeyGroup {
                warnings.append(Messages.notInKeyGroup(studentNumber))
            }
            return LedgerAddition(id: id, warnings: warnings)
        }
    }

    /// A problem when the entry's date is more than one day after `today`.
    static func futureDateProblems(_ fields: [String: FieldValue], today: CalendarDate) -> [ValidationError] {
        let latest = today.addingDays(1)
        guard let text = fields["date"]?.stringValue, let date = CalendarDate(text), date > latest else { return [] }
        return [LedgerSchema.field(named: "date")!.refusal(.string(text),
                                                           Messages.notInFuture(latest: latest.description, today: today.description, what: Messages.ledgerDate))]
    }

    /// A live entry of the same graduate in `scope` that is the same event as `entry`, if one is held.
    static func identicalEntry(to entry: LedgerEntry, scope: Scope, in transaction: StoreTransaction) throws -> RecordState? {
        guard let identity = entry.identity else { return nil }
        return try transaction.records(collection: LedgerSchema.collection, scope: scope)
            .first { $0.fields["student_no"] == entry.fields["student_no"] && $0.ledgerEntry.identity == identity }
    }
}
