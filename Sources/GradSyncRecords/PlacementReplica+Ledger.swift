import GradSyncCore
import GradSyncPlacement
import GradSyncStore

extension PlacementReplica {
    /// Adds an assistance-ledger entry about a live graduate, under a random key; returns the entry's record.
    ///
    /// `values` are the entry's fields besides `kind` and `student_no`; `date` defaults to `today` (`yyyy-mm-dd`).
    /// The entry is checked as a whole (the kind's own fields) inside the transaction that writes it.
    @discardableResult
    public func addLedgerEntry(_ studentNumber: String, department code: String? = nil, kind: LedgerKind,
                               values: [String: FieldValue], today: String, author: String) throws -> RecordID {
        try store.transaction(author: author) { transaction in
            let graduate = try self.findGraduate(studentNumber, department: code, in: transaction)
            guard !graduate.isDeleted else { throw StoreError.recordDeleted(graduate.id) }
            var fields = values.filter { !$0.value.isNull }
            fields["kind"] = .string(kind.rawValue)
            fields["student_no"] = .string(studentNumber)
            fields["date"] = fields["date"] ?? .string(today)
            let id = RecordID(scope: graduate.id.scope, collection: LedgerSchema.collection, key: ReplicaID.random().hex)
            let problems = Self.writtenFieldProblems(fields, key: id.key, keyField: nil, schema: LedgerSchema.field(named:))
                + self.validator.ledger.validateEntry(fields)
            guard problems.isEmpty else { throw RecordsError.invalid(subject: "ledger entry", problems: problems) }
            try transaction.write(id, fields: fields, mode: .create, prevalidated: true)
            return id
        }
    }
}
