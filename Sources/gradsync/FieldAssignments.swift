import ArgumentParser
import GradSyncCore
import GradSyncPlacement

/// `FIELD=VALUE` arguments read with a schema: each value typed by its field's kind, `FIELD=` clearing the field.
///
/// Only fields the schema knows are accepted here; unknown fields reach a replica only through sync.
struct FieldAssignments {
    /// The fields of the schema the arguments are read with.
    let schema: [RecordField]
    /// Fields the command sets itself (the key, the scope), refused as arguments with the reason given.
    let reserved: [String: String]

    /// The assignments of `graduate add` and `graduate set`.
    static let graduate = FieldAssignments(schema: GraduateSchema.fields, reserved: [
        "student_no": "the student number is the record's key: give it as STUDENT_NO",
        "department": "the department is the record's scope, fixed when it is created (on the central node: --department CODE)",
    ])

    /// The assignments of `ledger add`.
    static let ledger = FieldAssignments(schema: LedgerSchema.fields, reserved: [
        "student_no": "give the student number as STUDENT_NO",
        "kind": "give the kind with --kind",
    ])

    /// Checks the form of the arguments (for `validate()`): `FIELD=VALUE`, each field once.
    static func checkSyntax(_ arguments: [String]) throws {
        var seen = Set<String>()
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw ValidationError("'\(argument)' is not FIELD=VALUE (write FIELD= to clear a field)")
            }
            let name = String(argument[..<equals])
            guard seen.insert(name).inserted else { throw ValidationError("field \(name) is given twice") }
        }
    }

    /// The typed values of the arguments, read by each field's kind; `.null` for `FIELD=`.
    ///
    /// An unknown or reserved field is refused (exit 5). Values are not checked here: the records layer checks
    /// the record they make as a whole, once, and lists every value its field does not allow.
    func values(_ arguments: [String]) throws -> [String: FieldValue] {
        var values: [String: FieldValue] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else { continue }
            let name = String(argument[..<equals])
            let text = String(argument[argument.index(after: equals)...])
            if let reason = reserved[name] { throw CLIError.refused("\(name): \(reason)") }
            guard let field = schema.first(where: { $0.name == name }) else {
                let known = schema.map(\.name).filter { reserved[$0] == nil }.joined(separator: ", ")
                throw CLIError.refused("unknown field '\(name)'; known fields: \(known)")
            }
            values[name] = text.isEmpty ? FieldValue.null : field.value(fromText: text)
        }
        return values
    }
}
