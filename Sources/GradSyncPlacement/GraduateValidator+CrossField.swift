import GradSyncCore

extension GraduateValidator {
    /// The rules between a destination and the other fields, every problem listed.
    ///
    /// A needed field missing; a field the destination does not use (a 待就业 graduate keeps no employer, 80x
    /// has no employer); 46's nature and industry are the army's; 85 studies abroad, so not in China.
    func destinationProblems(_ fields: [String: FieldValue], destination: Destination,
                             includingUnused: Bool) -> [ValidationError] {
        var errors: [ValidationError] = []
        let named = "destination_code is \(destination.code) (\(destination.classification.name))"
        for name in DestinationFields.needed(by: destination, in: fields) where (fields[name] ?? .null).isNull {
            errors.append(GraduateSchema.field(named: name)!.refusal(.string(""), "a value; required when \(named)"))
        }
        if includingUnused {
            errors += DestinationFields.unused(in: fields, codes: codes).map { Self.unusedProblem($0, fields[$0]!, destination: destination) }
        }
        if destination.prefix == "46" {
            for (name, required, meaning) in [("employer_nature", "40", "部队"), ("employer_industry", "80", "军队")] {
                guard let value = fields[name], !value.isNull, value.stringValue != required else { continue }
                errors.append(GraduateSchema.field(named: name)!.refusal(value, "\(required) (\(meaning)) when \(named): an enlisted graduate serves in the army"))
            }
        }
        if destination.isAbroad, let country = fields["study_country"]?.stringValue, Country.isChina(country) {
            errors.append(GraduateSchema.field(named: "study_country")!.refusal(.string(country),
                "a country or region outside mainland China when \(named): study in China is 80x 境内升学"))
        }
        return errors
    }

    /// A field a record holds that its destination does not use.
    public static func unusedProblem(_ name: String, _ value: FieldValue, destination: Destination) -> ValidationError {
        let field = GraduateSchema.field(named: name)!
        return field.refusal(value, "no value when destination_code is \(destination.code) (\(destination.classification.name)): "
            + "\(field.label) does not apply to this destination; clear it (a destination change clears it in the same write)")
    }

    /// A signing date more than one day after `today`: a day's grace covers a clock or time zone a little ahead.
    static func signDateProblems(_ fields: [String: FieldValue], today: CalendarDate) -> [ValidationError] {
        guard let text = fields["sign_date"]?.stringValue, let date = CalendarDate(text) else { return [] }
        let latest = today.addingDays(1)
        guard date > latest else { return [] }
        return [GraduateSchema.field(named: "sign_date")!.refusal(.string(text),
            "a date no later than \(latest): 签约日期 cannot be in the future (today is \(today))")]
    }
}
