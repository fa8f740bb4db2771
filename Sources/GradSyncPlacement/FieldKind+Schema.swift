import GradSyncCore

extension FieldKind {
    /// The kind as `protocol/schema/placement.json` describes it: its name, the JSON type a value has on the wire,
    /// and the bounds a value must keep (a regular expression where one says it all, ECMAScript syntax as in JSON
    /// Schema). Read by `PlacementSchemaDocument`; SPEC.md section 14 explains each member.
    ///
    /// The patterns restate `RecordField.check` for strangers who never read it; the placement tests check both
    /// against the same values so the two cannot drift apart.
    public var schemaDescription: [String: FieldValue] {
        switch self {
        case .text(let maxLength):
            return ["kind": .string("text"), "json": .string("string"), "max_characters": .integer(Int64(maxLength)), "line_feeds": .bool(false)]
        case .multilineText(let maxLength):
            return ["kind": .string("multiline_text"), "json": .string("string"), "max_characters": .integer(Int64(maxLength)), "line_feeds": .bool(true)]
        case .studentNumber:
            return ["kind": .string("student_number"), "json": .string("string"), "pattern": .string(Self.studentNumberPattern)]
        case .examNumber:
            return ["kind": .string("exam_number"), "json": .string("string"), "pattern": .string("^[0-9]{14}$")]
        case .department:
            return ["kind": .string("department"), "json": .string("string"), "pattern": .string("^[A-Za-z0-9_-]{1,32}$"), "not": .list([.string("shared")]),
                    "equals_scope": .bool(true)]
        case .code(let list):
            let lengths = CodeSet.latest.list(list).lengths
            return ["kind": .string("code"), "json": .string("string"), "code_list": .string(list.rawValue),
                    "pattern": .string("^[0-9]{\(lengths.lowerBound),\(lengths.upperBound)}$"), "prefix_is_category": .bool(true)]
        case .region:
            return ["kind": .string("region"), "json": .string("string"), "pattern": .string("^[0-9]{6}$"), "directory": .string("regions.json")]
        case .choice(let options):
            return ["kind": .string("choice"), "json": .string("string"),
                    "values": .list(options.map { .object(["value": .string($0.value), "meaning": .string($0.meaning)]) })]
        case .wholeNumber(let range):
            return ["kind": .string("whole_number"), "json": .string("integer"), "minimum": .integer(range.lowerBound), "maximum": .integer(range.upperBound)]
        case .tenths(let range):
            return ["kind": .string("tenths"), "json": .list([.string("integer"), .string("string")]),
                    "minimum": .string(Tenths.text(range.lowerBound)), "maximum": .string(Tenths.text(range.upperBound)),
                    "string_pattern": .string(Self.tenthsTextPattern)]
        case .date:
            return ["kind": .string("date"), "json": .string("string"), "pattern": .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), "calendar_date": .bool(true)]
        case .majorCode:
            return ["kind": .string("major_code"), "json": .string("string"), "pattern": .string("^([0-9]{4}|[0-9]{6})[KT]?$")]
        case .socialCreditCode:
            return ["kind": .string("social_credit_code"), "json": .string("string"), "pattern": .string("^[0-9A-HJ-NPQRTUWXY]{18}$"),
                    "check_alphabet": .string(String(SocialCreditCode.alphabet)),
                    "check_weights": .list(SocialCreditCode.weights.map { .integer(Int64($0)) })]
        case .mobilePhone:
            return ["kind": .string("mobile_phone"), "json": .string("string"), "pattern": .string("^1[0-9]{10}$")]
        case .textList(let maxLength):
            return ["kind": .string("text_list"), "json": .string("array"), "items": .string("string"), "max_characters": .integer(Int64(maxLength)),
                    "distinct": .bool(true), "line_feeds": .bool(false)]
        }
    }

    /// A student number: letters and digits only, 1 to 32 of them.
    static let studentNumberPattern = "^[A-Za-z0-9]{1,32}$"

    /// The canonical text of an amount that is not whole: no leading zero, exactly one non-zero decimal.
    static let tenthsTextPattern = #"^(0|[1-9][0-9]*)\.[1-9]$"#
}

extension CodeSet {
    /// The list of one kind in this edition.
    func list(_ kind: CodeListKind) -> CodeList { kind.list(in: self) }
}
