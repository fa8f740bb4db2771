/// One field of a record (graduate or ledger entry): its name, Chinese label, kind of value, privacy and roster columns.
public struct RecordField: Sendable, Equatable {
    /// The schema's field name, e.g. `destination_code`.
    public let name: String
    /// The Chinese label, e.g. `毕业去向代码`.
    public let label: String
    /// What values the field takes.
    public let kind: FieldKind
    /// How personal the field is (PIPL).
    public let privacy: FieldPrivacy
    /// Whether every graduate must have it; required fields cannot be cleared.
    public let isRequired: Bool
    /// The roster column names that mean this field, the export's header first.
    public let columns: [String]

    /// Describes a field.
    public init(_ name: String, _ label: String, _ kind: FieldKind, privacy: FieldPrivacy = .ordinary,
                required: Bool = false, columns: [String]) {
        self.name = name
        self.label = label
        self.kind = kind
        self.privacy = privacy
        self.isRequired = required
        self.columns = columns
    }

    /// The header written by exports.
    public var column: String { columns[0] }

    /// Whether messages must hide the field's values (personal or sensitive data).
    public var hidesValues: Bool { privacy != .ordinary }
}

/// How personal a field is, under the Personal Information Protection Law.
public enum FieldPrivacy: String, Sendable, Equatable {
    /// Not personal beyond identifying the record.
    case ordinary
    /// Personal information (name, phone): kept out of messages.
    case personal
    /// Sensitive personal information (Art. 28: key-group categories): also kept out of exports unless asked.
    case sensitive
}

/// What values a field takes. Codes are strings so that leading digits survive.
public enum FieldKind: Sendable, Equatable {
    /// Free text without control characters, at most this many characters.
    case text(maxLength: Int)
    /// Free text of several lines: like `text`, but line feeds (and only they) are allowed.
    case multilineText(maxLength: Int)
    /// A student number: 1–32 ASCII letters and digits (it is the record's key). Stricter than the store's keys,
    /// which also allow `-` and `_`: a school's student numbers never hold them, and one typed with them is a typo.
    case studentNumber
    /// A 考生号 from the student registry: exactly 14 ASCII digits (never Excel's `2.3E+13`, never full-width digits).
    case examNumber
    /// A department code (1–32 of `A-Za-z0-9_-`), the record's scope.
    case department
    /// A code of one of the code set's lists.
    case code(CodeListKind)
    /// A GB/T 2260 region code.
    case region
    /// One of a fixed set of strings, each with its meaning.
    case choice([(value: String, meaning: String)])
    /// A whole number in a range (stored as `.integer`).
    case wholeNumber(ClosedRange<Int64>)
    /// A positive amount with at most one decimal place, e.g. training hours `1.5`; the range is in tenths.
    ///
    /// `FieldValue` has no fractional number, so a whole amount is stored as `.integer` (as whole-number fields
    /// always were) and any other as its canonical decimal text, one digit after the point (`.string("1.5")`).
    case tenths(ClosedRange<Int64>)
    /// A calendar date `yyyy-mm-dd`.
    case date
    /// A national major-catalogue code: 4 or 6 digits, optionally followed by K or T.
    case majorCode
    /// A unified social credit code (GB 32100).
    case socialCreditCode
    /// A mainland mobile number: 11 digits starting with 1.
    case mobilePhone
    /// A list of distinct non-empty strings of at most this many characters.
    case textList(maxLength: Int)
    /// A list of distinct key-group categories (`KeyGroup`), each stored by its name.
    case keyGroups

    public static func == (lhs: FieldKind, rhs: FieldKind) -> Bool {
        switch (lhs, rhs) {
        case (.text(let a), .text(let b)), (.textList(let a), .textList(let b)), (.multilineText(let a), .multilineText(let b)):
            return a == b
        case (.code(let a), .code(let b)): return a == b
        case (.wholeNumber(let a), .wholeNumber(let b)), (.tenths(let a), .tenths(let b)): return a == b
        case (.choice(let a), .choice(let b)): return a.map(\.value) == b.map(\.value)
        case (.studentNumber, .studentNumber), (.examNumber, .examNumber), (.keyGroups, .keyGroups), (.department, .department), (.region, .region), (.date, .date),
             (.majorCode, .majorCode), (.socialCreditCode, .socialCreditCode), (.mobilePhone, .mobilePhone):
            return true
        default: return false
        }
    }
}

/// Which list of a code set a code field uses.
public enum CodeListKind: String, Sendable, Equatable, CaseIterable {
    case destination, employerNature, industry, jobCategory

    /// The list of this kind in a code set.
    public func list(in codes: CodeSet) -> CodeList {
        switch self {
        case .destination: return codes.destination
        case .employerNature: return codes.employerNature
        case .industry: return codes.industry
        case .jobCategory: return codes.jobCategory
        }
    }
}
