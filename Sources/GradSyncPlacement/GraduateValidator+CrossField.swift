import GradSyncCore

extension GraduateValidator {
    /// The rules between a destination and the other fields, every problem listed.
    ///
    /// A needed field missing; a field the destination does not use (a 待就业 graduate keeps no employer, 80x
    /// has no employer); 46's nature and industry are the army's; 85 studies abroad, so not in China.
    func destinationProblems(_ fields: [String: FieldValue], destination: Destination,
                             includingUnused: Bool) -> [ValidationError] {
        var errors: [ValidationError] = []
        let named = Messages.destination(destination.code, destination.classification.name)
        for name in DestinationFields.needed(by: destination, in: fields) where (fields[name] ?? .null).isNull {
            errors.append(GraduateSchema.field(named: name)!.refusal(.string(""), Messages.requiredWhen(named)))
        }
        if includingUnused {
            errors += DestinationFields.unused(in: fields, codes: codes).map { Self.unusedProblem($0, fields[$0]!, destination: destination) }
        }
        if destination.prefix == "46" {
            for (name, required, meaning) in [("employer_nature", "40", "部队"), ("employer_industry", "80", "军队")] {
                guard let value = fields[name], !value.isNull, value.stringValue != required else { continue }
                errors.append(GraduateSchema.field(named: name)!.refusal(value, Messages.enlisted(named, required: required, meaning: meaning)))
            }
        }
        if destination.isAbroad, let country = fields["study_country"]?.stringValue, Country.isChina(country) {
            errors.append(GraduateSchema.field(named: "study_country")!.refusal(.string(country), Messages.abroad(named)))
        }
        return errors
    }

    /// A field a record holds that its destination does not use.
    public static func unusedProblem(_ name: String, _ value: FieldValue, destination: Destination) -> ValidationError {
        let field = GraduateSchema.field(named: name)!
        return field.refusal(value, Messages.unusedWhen(Messages.destination(destination.code, destination.classification.name), label: field.label))
    }

    /// A signing date more than one day after `today`: a day's grace covers a clock or time zone a little ahead.
    static func signDateProblems(_ fields: [String: FieldValue], today: CalendarDate) -> [ValidationError] {
        guard let text = fields["sign_date"]?.stringValue, let date = CalendarDate(text) else { return [] }
        let latest = today.addingDays(1)
        guard date > latest else { return [] }
        return [GraduateSchema.field(named: "sign_date")!.refusal(.string(text),
            Messages.notInFuture(latest: latest.description, today: today.description, what: Messages.signDate))]
    }
}
