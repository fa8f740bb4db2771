import GradSyncCore
import GradSyncPlacement
import GradSyncStore

extension PlacementReplica {
    /// The department a new graduate goes into: the replica's own, or the named one (required on the central node).
    ///
    /// On the central node the department must be in the department directory, as roster imports require.
    func departmentForNewRecord(_ code: String?, in transaction: StoreTransaction) throws -> Scope {
        if let own = ownDepartment { return try department(code) ?? own }
        guard let scope = try department(code) else {
            throw RecordsError.ambiguous(Messages.centralNeedsDepartment)
        }
        let entry = try transaction.record(RecordID(scope: .shared, collection: DepartmentDirectory.collection, key: scope.name))
        guard let entry, !entry.isDeleted, Self.directory(from: [entry]).names[scope.name] != nil else {
            throw RecordsError.refused(Messages.notInDirectory(scope.name))
        }
        return scope
    }

    /// The graduate as it would be after a write: the shown fields overwritten by `values` (`.null` clears),
    /// with `student_no` set to the key.
    static func merged(_ current: [String: FieldValue], _ values: [String: FieldValue], studentNumber: String) -> [String: FieldValue] {
        var fields = current
        for (name, value) in values {
            fields[name] = value.isNull ? nil : value
        }
        fields["student_no"] = .string(studentNumber)
        return fields
    }

    /// The record rules of a graduate in `scope`, every problem listed (empty when it passes); dates are judged by `today`.
    /// Rules reading a field in `unchecked` (one whose new value was refused on its own) are skipped.
    func problems(ofGraduate fields: [String: FieldValue], in scope: Scope, unchecked: Set<String> = []) -> [ValidationError] {
        validator.graduates.validateRecord(fields, department: scope.name, today: today, unchecked: unchecked)
    }

    /// Problems with the fields a write names, beyond the record rules: a field the schema does not know, or a
    /// value of the field that holds the key (`student_no` of a graduate) other than the key. The record rules check the record a write makes, in which `student_no` is
    /// the key and fields of other versions pass; the written changes themselves must also pass every receiver's
    /// per-change check, which the store does not repeat for a checked record (`prevalidated`).
    static func writtenFieldProblems(_ values: [String: FieldValue], key: String, keyField: String?,
                                     schema: (String) -> RecordField?) -> [ValidationError] {
        values.keys.sorted().compactMap { name in
            let value = values[name]!
            guard let field = schema(name) else {
                return ValidationError(field: name, value: "", allowed: Messages.unknownField)
            }
            if field.name == keyField, value.stringValue != key {
                return field.refusal(value, Messages.keyNeverChanges(key))
            }
            return nil
        }
    }

    /// Refuses a write of `values` to graduate `id` whose record (`fields`, as it would be after the write) breaks a
    /// rule, or whose written fields could not be sent to a peer; lists every problem (`refused` values first, then
    /// `earlier` ones such as central acts). A write with `refused` values is always refused, but the record rules
    /// are still checked on the record the good values make, skipping those that read a refused field.
    func checkGraduate(_ fields: [String: FieldValue], writing values: [String: FieldValue], id: RecordID,
                       refused: [ValidationError] = [], also earlier: [ValidationError] = []) throws {
        let problems = refused + earlier
            + Self.writtenFieldProblems(values, key: id.key, keyField: "student_no", schema: GraduateSchema.field(named:))
            + problems(ofGraduate: fields, in: id.scope, unchecked: Set(refused.map(\.field)))
        guard problems.isEmpty else { throw RecordsError.invalid(subject: Messages.graduate(id.key), problems: problems) }
    }

    /// Refuses a student number that is live in another department: a student number is unique within the university.
    func checkUnique(_ id: RecordID, in transaction: StoreTransaction, scopes: [Scope]? = nil) throws {
        let elsewhere = try otherLiveDepartments(of: id, in: transaction, scopes: scopes)
        guard elsewhere.isEmpty else {
            throw RecordsError.refused(Messages.studentNumberLiveElsewhere(id.key, in: elsewhere))
        }
    }

    /// Creates a graduate; returns its department and the changes written.
    ///
    /// The record is checked as a whole (required fields, the fields its destination needs and uses) inside the
    /// transaction that writes it; a student number live in another department is refused, and so is one that
    /// equals a held one but for leading zeros. A department replica may set the registry's identity fields of
    /// a new graduate, not the central review.
    ///
    /// `refused` are values a front end could not read (a date that is no date, a code not in its list), each
    /// naming its field: the write is refused with them and with every rule the rest of the record breaks.
    @discardableResult
    public func addGraduate(_ studentNumber: String, department code: String? = nil, values: [String: FieldValue],
                            refused: [ValidationError] = [], author: String) throws -> (department: Scope, changes: [Change]) {
        try store.transaction(author: author) { transaction in
            let scope = try self.departmentForNewRecord(code, in: transaction)
            let id = RecordID(scope: scope, collection: GraduateSchema.collection, key: studentNumber)
            try self.checkUnique(id, in: transaction)
            let fields = Self.merged([:], values, studentNumber: studentNumber)
            var earlier = self.centralActProblems(current: nil, writing: values)
            let twins = try StudentNumberIndex.twins(of: id, scopes: self.departmentsHeld(in: transaction), in: transaction)
            if let twin = StudentNumberIndex.problem(for: id, twins: twins) { earlier.append(twin) }
            try self.checkGraduate(fields, writing: values, id: id, refused: refused, also: earlier)
            return (scope, try transaction.write(id, fields: fields, mode: .create, prevalidated: true))
        }
    }

    /// Sets fields of a live graduate (`.null` clears one) when the record after the write passes every rule.
    ///
    /// Returns the changes written (none when every value was already shown, alone, in its field).
    ///
    /// `refused` are values a front end could not read, each naming its field: the write is refused with them and
    /// with every rule the record the other values make breaks (rules reading a refused field skipped), so one
    /// round trip shows every problem.
    @discardableResult
    public func setGraduate(_ studentNumber: String, department code: String? = nil, values: [String: FieldValue],
                            refused: [ValidationError] = [], author: String) throws -> [Change] {
        try store.transaction(author: author) { transaction in
            let record = try self.findGraduate(studentNumber, department: code, in: transaction)
            return try self.set(record, values: values, refused: refused, in: transaction)
        }
    }

    /// Writes `values` over a live record, with what a destination change brings (`completedWrite`), after
    /// checking the central office's acts and the record as it will be, every problem at once.
    func set(_ record: RecordState, values: [String: FieldValue], refused: [ValidationError] = [],
             in transaction: StoreTransaction) throws -> [Change] {
        guard !record.isDeleted else { throw StoreError.recordDeleted(record.id) }
        let write = completedWrite(values, over: record)
        try checkGraduate(Self.merged(record.fields, write, studentNumber: record.id.key), writing: write, id: record.id,
                          refused: refused, also: centralActProblems(current: record, writing: values))
        let written = write.filter { !$0.value.isNull || record.fields[$0.key] != nil }
        return try transaction.write(record.id, fields: written, mode: .update, prevalidated: true)
    }

    /// Deletes a live graduate (reversible by `restoreGraduate`); returns the record deleted.
    @discardableResult
    public func deleteGraduate(_ studentNumber: String, department code: String? = nil, author: String) throws -> RecordID {
        try store.transaction(author: author) { transaction in
            let record = try self.findGraduate(studentNumber, department: code, in: transaction)
            try transaction.delete(record.id)
            return record.id
        }
    }

    /// Restores a deleted graduate as it was; returns the record restored.
    ///
    /// A student number live in another department is refused, as when a graduate is added.
    @discardableResult
    public func restoreGraduate(_ studentNumber: String, department code: String? = nil, author: String) throws -> RecordID {
        try store.transaction(author: author) { transaction in
            let record = try self.findGraduate(studentNumber, department: code, in: transaction)
            if record.isDeleted { try self.checkUnique(record.id, in: transaction) }
            try transaction.restore(record.id)
            return record.id
        }
    }
}
