import GradSyncCore
import GradSyncPlacement

/// The record-level rules of a local write: the graduate as it would be after the write must pass them all.
enum GraduateRules {
    /// The record after the write: the shown fields, overwritten by `values` (`.null` clears), with `student_no` set to the key.
    static func merged(_ current: [String: FieldValue], _ values: [String: FieldValue], studentNumber: String) -> [String: FieldValue] {
        var fields = current
        for (name, value) in values {
            fields[name] = value.isNull ? nil : value
        }
        fields["student_no"] = .string(studentNumber)
        return fields
    }

    /// Refuses (exit 5) a record that breaks a rule, listing every broken rule; personal values stay hidden.
    static func check(_ fields: [String: FieldValue], studentNumber: String) throws {
        let errors = GraduateValidator().validateRecord(fields)
        guard !errors.isEmpty else { return }
        throw CLIError.refused("graduate \(studentNumber) refused, nothing written:\n"
            + errors.map { "  \($0.description)" }.joined(separator: "\n"))
    }
}
