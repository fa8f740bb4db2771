/// Checks each change on its own, when written locally and when received from a peer.
///
/// The domain layer supplies one (known fields, value types, code lists); rules across fields
/// are not checked here, since a merge may legitimately produce a record that breaks them.
public protocol ChangeValidator: Sendable {
    /// Throws a `ValidationError` naming the field, the value and what is allowed.
    func validate(_ change: Change) throws(ValidationError)
}

/// A validator that accepts every change; used for stores that carry no domain schema.
public struct AcceptAllValidator: ChangeValidator {
    /// Makes the validator.
    public init() {}
    public func validate(_ change: Change) throws(ValidationError) {}
}

/// Why a value was refused: the field, the value as given, and what is allowed.
public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field that was refused.
    public var field: String
    /// The value as given (never personal data in logs: callers decide where this goes).
    public var value: String
    /// What the field allows.
    public var allowed: String

    /// Describes a refusal.
    public init(field: String, value: String, allowed: String) {
        self.field = field
        self.value = value
        self.allowed = allowed
    }

    /// The refusal in words; control characters in the field or value are shown as escapes, never sent to a terminal raw.
    public var description: String {
        "\(ControlCharacters.visible(field)): '\(ControlCharacters.visible(value))' is not allowed; \(allowed)"
    }
}
