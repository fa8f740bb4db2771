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
            return Self.text("text", maxLength: maxLength, lineFeeds: false)
        case .multilineText(let maxLength):
            return Self.text("multiline_text", maxLength: maxLength, lineFeeds: true)
        case .studentNumber:
            return Self.string("student_number", pattern: "^[A-Za-z0-9]{1,32}$")
        case .examNumber:
            return Self.string("exam_number", pattern: "^[0-9]{14}$")
        case .department:
            return Self.string("department", pattern: "^[A-Za-z0-9_-]{1,32}$",
                               ["not": .list([.string("shared")]), "equals_scope": .bool(true)])
        case .code(let list):
            let lengths = CodeSet.latest.list(list).lengths
            return Self.string("code", pattern: "^[0-9]{\(lengths.lowerBound),\(lengths.upperBound)}$",
                               ["code_list": .string(list.rawValue), "prefix_is_category": .bool(true)])
        case .region:
            return Self.string("region", pattern: "^[0-9]{6}$", ["directory": .string("regions.json")])
        case .choice(let options):
            let values = options.map { FieldValue.object(["value": .string($0.value), "meaning": .string($0.meaning)]) }
            return ["kind": .string("choice"), "json": .string("string"), "values": .list(values)]
        case .wholeNumber(let range):
            return ["kind": .string("whole_number"), "json": .string("integer"),
                    "minimum": .integer(range.lowerBound), "maximum": .integer(range.upperBound)]
        case .tenths(let range):
            // A whole amount is stored as an integer, any other as its canonical text (`Tenths`).
            return ["kind": .string("tenths"), "json": .list([.string("integer"), .string("string")]),
                    "minimum": .string(Tenths.text(range.lowerBound)), "maximum": .string(Tenths.text(range.upperBound)),
                    "string_pattern": .string(#"^(0|[1-9][0-9]*)\.[1-9]$"#)]
        case .date:
            return Self.string("date", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", ["calendar_date": .bool(true)])
        case .majorCode:
            return Self.string("major_code", pattern: "^([0-9]{4}|[0-9]{6})[KT]?$")
        case .socialCreditCode:
            return Self.string("social_credit_code", pattern: "^[0-9A-HJ-NPQRTUWXY]{18}$",
                               ["check_alphabet": .string(String(SocialCreditCode.alphabet)),
                                "check_weights": .list(SocialCreditCode.weights.map { .integer(Int64($0)) })])
        case .mobilePhone:
            return Self.string("mobile_phone", pattern: "^1[0-9]{10}$")
        case .textList(let maxLength):
            return ["kind": .string("text_list"), "json": .string("array"), "items": .string("string"),
                    "max_characters": .integer(Int64(maxLength)), "distinct": .bool(true), "line_feeds": .bool(false)]
        case .keyGroups:
            // The categories' names are their codes (no numeric list is published), so the schema lists them.
            return ["kind": .string("key_groups"), "json": .string("array"), "items": .string("string"),
                    "distinct": .bool(true), "values": .list(KeyGroup.categories.map { .string($0.name) })]
        }
    }

    /// A string kind whose values match `pattern`, with the kind's own members.
    private static func string(_ kind: String, pattern: String, _ members: [String: FieldValue] = [:]) -> [String: FieldValue] {
        members.merging(["kind": .string(kind), "json": .string("string"), "pattern": .string(pattern)]) { _, new in new }
    }

    /// A free-text kind.
    private static func text(_ kind: String, maxLength: Int, lineFeeds: Bool) -> [String: FieldValue] {
        ["kind": .string(kind), "json": .string("string"), "max_characters": .integer(Int64(maxLength)), "line_feeds": .bool(lineFeeds)]
    }
}

extension CodeSet {
    /// The list of one kind in this edition.
    func list(_ kind: CodeListKind) -> CodeList { kind.list(in: self) }
}
