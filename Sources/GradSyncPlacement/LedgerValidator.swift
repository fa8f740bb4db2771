import GradSyncCore

/// Checks ledger changes one by one and whole ledger entries; other collections pass.
public struct LedgerValidator: ChangeValidator {
    /// Makes the validator.
    public init() {}

    /// Checks one change on its own: a known field's type and format; unknown fields pass untouched.
    public func validate(_ change: Change) throws(ValidationError) {
        guard change.collection == LedgerSchema.collection else { return }
        if change.isTombstone {
            guard case .bool = change.value else {
                throw ValidationError(field: change.field, value: TextRules.shown(change.value), allowed: Messages.tombstone)
            }
            return
        }
        try LedgerSchema.field(named: change.field)?.check(change.value)
    }

    /// Checks a whole entry: every known field, `kind`, `student_no` and `date`, and the kind's own fields.
    ///
    /// Returns every error found; empty when the entry is valid.
    public func validateEntry(_ fields: [String: FieldValue]) -> [ValidationError] {
        var errors: [ValidationError] = []
        for field in LedgerSchema.fields {
            let value = fields[field.name] ?? .null
            if value.isNull {
                if field.isRequired { errors.append(field.refusal(.string(""), Messages.required(everyOne: "条台账记录", label: field.label))) }
                continue
            }
            do { try field.check(value) } catch { errors.append(error) }
        }
        guard let kind = fields["kind"]?.stringValue.flatMap(LedgerKind.init(rawValue:)) else { return errors }
        for name in kind.neededFields where (fields[name] ?? .null).isNull {
            errors.append(LedgerSchema.field(named: name)!.refusal(.string(""), Messages.requiredFor(kind: kind.label)))
        }
        return errors
    }
}
