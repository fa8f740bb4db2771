import GradSyncCore

extension PlacementSchemaDocument {
    /// What one destination category asks of a graduate's other fields (`DestinationFields`, and the validator's
    /// rules on values): the fields it uses, needs and forbids, the values a code field must take, and the country
    /// fields that must not name mainland China.
    ///
    /// The value rules are found by asking the validator about every code of each list rather than restated, so
    /// the document says what the code enforces even when a rule changes.
    static func destinationRules(_ destination: Destination) -> FieldValue {
        let used = DestinationFields.used(by: destination)
        let validator = GraduateValidator()
        func refuses(_ name: String, _ value: FieldValue) -> Bool {
            let record: [String: FieldValue] = ["destination_code": .string(destination.code), name: value]
            return validator.validateRecord(record, includingUnused: false).contains { $0.field == name }
        }
        var values: [String: FieldValue] = [:]
        var notChina: [FieldValue] = []
        for name in DestinationFields.dependent where used.contains(name) {
            let field = GraduateSchema.field(named: name)!
            switch field.kind {
            case .code(let list):
                let codes = CodeSet.latest.list(list).categories.map(\.code)
                let allowed = codes.filter { !refuses(name, .string($0)) }
                if allowed.count < codes.count { values[name] = .list(allowed.map(FieldValue.string)) }
            case .text:
                if refuses(name, .string(Country.chinaNames.sorted()[0])) { notChina.append(.string(name)) }
            default:
                continue
            }
        }
        var rules: [String: FieldValue] = [
            "prefix": .string(destination.prefix),
            "name": .string(destination.classification.category.name),
            "placed": .bool(destination.isPlaced),
            "uses": names(DestinationFields.dependent.filter(used.contains)),
            "forbids": names(DestinationFields.dependent.filter { !used.contains($0) }),
            "needs": names(DestinationFields.needed(by: destination, in: [:])),
            "values": .object(values),
            "not_china": .list(notChina),
        ]
        if let part = destination.ratePart { rules["rate_part"] = .string(part.rawValue) }
        if used.contains("employer_country") {
            // Any country other than China stands for every one: the rule asks only whether the employer is abroad.
            let abroad = DestinationFields.needed(by: destination, in: ["employer_country": .string("Japan")])
            rules["needs_when_employer_abroad"] = names(abroad)
        }
        return .object(rules)
    }

    static func names(_ names: [String]) -> FieldValue { .list(names.map(FieldValue.string)) }

    /// The GB/T 2260 directory region fields are checked against: current codes with their own names (a
    /// division's parent follows from its code, see `RegionDirectory`), and retired codes with their successors.
    static func regions() -> FieldValue {
        let directory = RegionDirectory.current
        let retired = directory.retired.mapValues { region -> FieldValue in
            var members: [String: FieldValue] = ["name": .string(region.name), "year": .integer(Int64(region.year))]
            if let successor = region.successor { members["successor"] = .string(successor) }
            return .object(members)
        }
        return .object([
            "format": .string("gradsync-region-directory"),
            "format_version": .integer(formatVersion),
            "edition": .string(directory.edition),
            "current": .object(directory.names.mapValues(FieldValue.string)),
            "retired": .object(retired),
        ])
    }
}
