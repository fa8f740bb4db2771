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

    /// Checks one change with the validator of its collection.
    public func validate(_ change: Change) throws(ValidationError) {
        try graduates.validate(change)
        try ledger.validate(change)
    }
}
