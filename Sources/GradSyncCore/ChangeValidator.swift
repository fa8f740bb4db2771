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

/// Why a value was refused: the field, the value as given, and the rule it breaks.
///
/// Its text (`description`) is Chinese and names the field, the value and the rule, e.g.
/// `单位名称：毕业去向为 10（签就业协议形式就业）时必填` (no value) or `考生号：“abc”不可用；须为 14 位数字`.
/// The domain layer words the rule (`allowed`) and the field's name for people (`label`).
public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field that was refused (its schema name: machines match on it).
    public var field: String
    /// The value as given (never personal data in logs: callers decide where this goes); empty when none was given,
    /// `ValidationError.hidden` when the value is personal and kept out of messages.
    public var value: String
    /// The rule the value breaks, in words, e.g. `须为 14 位数字`.
    public var allowed: String
    /// The field's name for people, e.g. `单位名称`; nil when the field has none (the schema name is shown).
    public var label: String?

    /// What messages show instead of a personal value.
    public static let hidden = "（不显示）"

    /// Describes a refusal.
    public init(field: String, value: String, allowed: String, label: String? = nil) {
        self.field = field
        self.value = value
        self.allowed = allowed
        self.label = label
    }

    /// The refusal in words; control characters in the field or value are shown as escapes, never sent to a terminal raw.
    public var description: String {
        let name = ControlCharacters.visible(label ?? field)
        if value.isEmpty { return "\(name)：\(allowed)" }
        if value == ValidationError.hidden { return "\(name)：所填值（个人信息，不显示）不可用；\(allowed)" }
        return "\(name)：“\(ControlCharacters.visible(value))”不可用；\(allowed)"
    }
}
