import GradSyncCore

/// Checks graduate changes one by one (for the store) and whole graduate records (for local writes and imports).
///
/// Changes to other collections are not this validator's business and pass; `PlacementValidator`
/// routes each collection to its validator.
public struct GraduateValidator: ChangeValidator {
    /// The code lists values are checked against.
    public let codes: CodeSet

    /// Makes a validator; the default, the newest code set, accepts every code of older editions too.
    public init(codes: CodeSet = .latest) {
        self.codes = codes
    }

    /// Checks one change on its own: a known field's type, format and code list; unknown fields pass untouched.
    public func validate(_ change: Change) throws(ValidationError) {
        guard change.collection == GraduateSchema.collection else { return }
        let studentNumber = GraduateSchema.field(named: "student_no")!
        try studentNumber.check(.string(change.key), codes: codes)
        if change.isTombstone {
            guard case .bool = change.value else {
                throw ValidationError(field: change.field, value: TextRules.shown(change.value), allowed: Messages.tombstone)
            }
            return
        }
        guard let field = GraduateSchema.field(named: change.field) else { return }
        try field.check(change.value, codes: codes)
        if field.name == studentNumber.name, change.value.stringValue != change.key {
            throw field.refusal(change.value, Messages.keyNeverChanges(change.key))
        }
        if field.name == "department" { try Self.checkDepartment(change.value, of: change.id.scope) }
    }

    /// A graduate's department is its scope: a `department` value naming another department is refused, naming both.
    ///
    /// The field is derived from the scope and need not be stored at all; when it is (an older replica, an import
    /// with a 学院 column), it must agree, or one record would count under two departments.
    public static func checkDepartment(_ value: FieldValue, of scope: Scope) throws(ValidationError) {
        guard !value.isNull, value.stringValue != scope.name else { return }
        throw GraduateSchema.field(named: "department")!.refusal(value, Messages.ownDepartment(scope.name))
    }

    /// Checks a whole record: every known field, the required fields, and the rules across fields.
    ///
    /// The caller passes the record as it would be after the write, including `student_no` (the key), and the
    /// record's department (its scope) when known, which a `department` field must equal. `today` (the date
    /// where the university is, from the caller's clock) refuses a signing date more than a day ahead; without
    /// it that rule is skipped. Rules across fields (`DestinationFields`): a destination's needed fields, no
    /// field its destination does not use (left out with `includingUnused: false`, for a report that lists
    /// those apart), 46 with nature 40 and industry 80, 85 abroad.
    ///
    /// `unchecked` names fields whose new value was refused on its own (so the record holds their old value): the
    /// rules that read them are skipped, so that the rest of the record is still checked and every problem of a
    /// write is listed at once, but no rule is reported on a value the user did not enter.
    /// Returns every error found; empty when the record is valid.
    public func validateRecord(_ fields: [String: FieldValue], department: String? = nil, today: CalendarDate? = nil,
                               includingUnused: Bool = true, unchecked: Set<String> = []) -> [ValidationError] {
        var errors: [ValidationError] = []
        if let department, let scope = try? Scope.department(department), let value = fields["department"],
           !unchecked.contains("department") {
            do { try Self.checkDepartment(value, of: scope) } catch { errors.append(error) }
        }
        for field in GraduateSchema.fields where !unchecked.contains(field.name) {
            let value = fields[field.name] ?? .null
            if value.isNull {
                if field.isRequired { errors.append(field.refusal(.string(""), Messages.required(everyOne: "名毕业生", label: field.label))) }
                continue
            }
            do { try field.check(value, codes: codes) } catch { errors.append(error) }
        }
        if let today, !unchecked.contains("sign_date") { errors += Self.signDateProblems(fields, today: today) }
        // The destination and the employer's country decide which fields the rules across fields need and allow.
        guard unchecked.isDisjoint(with: ["destination_code", "employer_country"]),
              let code = fields["destination_code"]?.stringValue, let destination = Destination(code, codes: codes) else {
            return errors
        }
        errors += destinationProblems(fields, destination: destination, includingUnused: includingUnused)
            .filter { !unchecked.contains($0.field) }
        return errors
    }

    /// The employer fields a domestic employer needs.
    public static let employerFields = DestinationFields.employer
}
