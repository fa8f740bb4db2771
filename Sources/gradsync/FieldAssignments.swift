import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords

/// `FIELD=VALUE` arguments read with a schema: each value read by `FieldInput`, `FIELD=` clearing the field.
///
/// Only fields the schema knows are accepted here; unknown fields reach a replica only through sync.
struct FieldAssignments {
    /// The fields of the schema the arguments are read with.
    let schema: [RecordField]
    /// Fields the command sets itself (the key, the scope), refused as arguments with the reason given.
    let reserved: [String: String]

    /// The assignments of `graduate add` and `graduate set`.
    static let graduate = FieldAssignments(schema: GraduateSchema.fields, reserved: [
        "student_no": Messages.studentNumberIsTheKey,
        "department": Messages.departmentIsTheScope,
    ])

    /// The assignments of `ledger add`.
    static let ledger = FieldAssignments(schema: LedgerSchema.fields, reserved: [
        "student_no": Messages.ledgerStudentNumber,
        "kind": Messages.ledgerKind,
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

    /// The field `name` means: a schema name, the field's Chinese label or one of its roster column names
    /// (`单位名称=…` as `employer_name=…`), so that a command takes the words a roster's header takes.
    func field(named name: String) -> RecordField? {
        schema.first { $0.name == name } ?? schema.first { $0.label == name || $0.columns.contains(name) }
    }

    /// The typed values of the arguments by schema field name, read by `FieldInput` as a roster cell would be
    /// (dates as a command types them); `.null` for `FIELD=`.
    ///
    /// An unknown or reserved field is refused (exit 5), and so is a value its field does not allow on its own, every
    /// such value at once. Rules across fields are the records layer's, which checks the record they make as a whole.
    func values(_ arguments: [String]) throws -> [String: FieldValue] {
        let read = try read(arguments)
        guard read.refused.isEmpty else { throw RecordsError.invalid(subject: Messages.valuesGiven, problems: read.refused) }
        return read.values
    }

    /// The typed values of the arguments, and the values their fields do not allow on their own (each naming its
    /// field), for a write that hands both to the records layer so that one refusal lists every problem.
    /// An unknown or reserved field is refused at once (exit 5).
    func read(_ arguments: [String]) throws -> (values: [String: FieldValue], refused: [GradSyncCore.ValidationError]) {
        let input = FieldInput(.command)
        var values: [String: FieldValue] = [:]
        var givenAs: [String: String] = [:]
        var problems: [GradSyncCore.ValidationError] = []
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else { continue }
            let given = String(argument[..<equals])
            let text = String(argument[argument.index(after: equals)...])
            let name = field(named: given)?.name ?? given
            if let reason = reserved[name] { throw CLIError.refused(Messages.reservedField(given, reason: reason)) }
            guard let field = field(named: given) else {
                throw CLIError.refused(Messages.unknownFieldName(given, known: schema.map(\.name).filter { reserved[$0] == nil }))
            }
            if let earlier = givenAs[name] {
                throw CLIError.refused(Messages.fieldGivenTwice(name, first: earlier, then: given))
            }
            givenAs[name] = given
            do {
                values[name] = try input.value(text, for: field) ?? .null
            } catch {
                problems.append(error)
            }
        }
        return (values, problems)
    }
}
