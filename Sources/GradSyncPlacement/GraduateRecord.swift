import GradSyncCore

/// A graduate as the store shows it: its department (the scope) and its current field values.
public struct GraduateRecord: Sendable, Equatable {
    /// The department code, the record's scope.
    public let department: String
    /// The current values, `student_no` (the key) included; unknown fields are kept as they are.
    public let fields: [String: FieldValue]

    /// Makes a record; `studentNumber` is the record's key and wins over any `student_no` field.
    public init(department: String, studentNumber: String, fields: [String: FieldValue]) {
        self.department = department
        var fields = fields
        fields["student_no"] = .string(studentNumber)
        self.fields = fields
    }

    /// The student number, the record's key.
    public var studentNumber: String { fields["student_no"]?.stringValue ?? "" }

    /// A field's string value, nil when absent, null, empty or not a string.
    public func text(_ name: String) -> String? {
        guard let text = fields[name]?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    /// The classified destination, nil when none is given or the code is refused by the list.
    public func destination(_ codes: CodeSet = .latest) -> Destination? {
        text("destination_code").flatMap { Destination($0, codes: codes) }
    }

    /// Whether the graduate counts as placed (毕业去向已落实).
    public func isPlaced(_ codes: CodeSet = .latest) -> Bool { destination(codes)?.isPlaced ?? false }

    /// The key-group categories (sensitive), empty for most graduates.
    public var keyGroups: [String] {
        guard case .list(let items) = fields["key_groups"] ?? .null else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// Whether the graduate belongs to at least one key group.
    public var isKeyGroup: Bool { !keyGroups.isEmpty }
}
