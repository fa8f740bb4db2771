/// One official code list of one code-set version, e.g. the 2021 destination codes.
///
/// Codes are strings of digits (leading zeros matter). A code is classified by its first two
/// digits: a sub-code the list does not name (e.g. `509`) is kept as given and takes its
/// category from its prefix, while a code whose prefix is unknown is refused.
public struct CodeList: Sendable, Equatable {
    /// The list's Chinese name, used in messages, e.g. `毕业去向代码`.
    public let title: String
    /// The code-set version the list belongs to.
    public let version: CodeSetVersion
    /// Every code the list names, two-digit categories and longer sub-codes alike.
    public let entries: [CodeEntry]
    /// How many digits a code may have.
    public let lengths: ClosedRange<Int>

    private let byCode: [String: CodeEntry]

    /// Makes a list; `lengths` bounds the digits of any code, named or not.
    public init(title: String, version: CodeSetVersion, entries: [CodeEntry], lengths: ClosedRange<Int> = 2...4) {
        self.title = title
        self.version = version
        self.entries = entries
        self.lengths = lengths
        self.byCode = Dictionary(entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public static func == (lhs: CodeList, rhs: CodeList) -> Bool {
        lhs.title == rhs.title && lhs.version == rhs.version && lhs.entries == rhs.entries && lhs.lengths == rhs.lengths
    }

    /// The named two-digit categories, in list order.
    public var categories: [CodeEntry] { entries.filter { $0.code.utf8.count == 2 } }

    /// Classifies a code, or returns nil when it is not digits of the right length or its prefix is unknown.
    public func classify(_ code: String) -> CodeClassification? {
        guard lengths.contains(code.utf8.count), code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        guard let category = byCode[String(code.prefix(2))] else { return nil }
        return CodeClassification(code: code, category: category, entry: byCode[code])
    }

    /// What a refused code should look like, for `ValidationError.allowed`.
    public var allowedDescription: String {
        Messages.code(title: title, version: version.rawValue, lengths: lengths, prefixes: categories.map(\.code))
    }
}

/// One code of a list with its Chinese name and how sure the sources are of it.
public struct CodeEntry: Sendable, Equatable {
    /// The code as written in the official list.
    public let code: String
    /// The Chinese name.
    public let name: String
    /// Whether the public sources confirm the code.
    public let status: CodeStatus

    /// Names a code.
    public init(_ code: String, _ name: String, _ status: CodeStatus = .confirmed) {
        self.code = code
        self.name = name
        self.status = status
    }
}

/// How well the public sources back a code.
public enum CodeStatus: String, Sendable, Equatable {
    /// Seen in official lists or exports.
    case confirmed
    /// Reported, but not confirmed by an official list.
    case unconfirmed
    /// Used by older lists only; still accepted so old records stay valid.
    case legacy
}

/// A code as given, with the category of its first two digits and its own entry when the list names it.
public struct CodeClassification: Sendable, Equatable {
    /// The code as given.
    public let code: String
    /// The two-digit category the code belongs to.
    public let category: CodeEntry
    /// The list's entry for the code itself, or nil for a sub-code the list does not name.
    public let entry: CodeEntry?

    /// The best Chinese name: the code's own, else its category's.
    public var name: String { entry?.name ?? category.name }
}
