import GradSyncCore

/// The store's validator for the placement domain: graduate and ledger changes are checked,
/// changes to other collections (reference data, newer collections) pass untouched.
public struct PlacementValidator: ChangeValidator {
    /// The graduate validator used.
    public let graduates: GraduateValidator
    /// The ledger validator used.
    public let ledger: LedgerValidator

    /// Makes a validator over the given code set.
    public init(codes: CodeSet = .latest) {
        graduates = GraduateValidator(codes: codes)
        ledger = LedgerValidator()
    }

    /// Checks one change with the validator of its collection, and refuses control characters in any field
    /// the schema does not know (every string inside the value, line feeds included).
    ///
    /// Known fields check their own text: all are single-line except the ledger's `summary`, which may keep
    /// line feeds (a talk summary runs to paragraphs).
    public func validate(_ change: Change) throws(ValidationError) {
        try graduates.validate(change)
        try ledger.validate(change)
        guard !change.isTombstone, schemaField(of: change) == nil else { return }
        if let text = change.value.firstTextWithControlCharacter(), let control = ControlCharacters.first(in: text) {
            throw ValidationError(field: change.field, value: Messages.holdingControl(control), allowed: Messages.noControlCharacters)
        }
    }

    private func schemaField(of change: Change) -> RecordField? {
        switch change.collection {
        case GraduateSchema.collection: return GraduateSchema.field(named: change.field)
        case LedgerSchema.collection: return LedgerSchema.field(named: change.field)
        default: return nil
        }
    }
}
