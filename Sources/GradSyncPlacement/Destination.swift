/// What a destination code means for the placement rate, taken from its first two digits.
public struct Destination: Sendable, Equatable {
    /// The code as given, e.g. `509`.
    public let code: String
    /// Its classification in the code list.
    public let classification: CodeClassification

    /// Classifies a destination code, or returns nil when the list refuses it.
    public init?(_ code: String, codes: CodeSet = .latest) {
        guard let classification = codes.destination.classify(code) else { return nil }
        self.code = code
        self.classification = classification
    }

    /// The two-digit category, e.g. `50` for `509`.
    public var prefix: String { classification.category.code }

    /// Which part of the placement rate the code counts in, or nil when it is not placed (70, 71, 72).
    public var ratePart: RatePart? { Destination.parts[prefix] }

    /// Whether the graduate counts as placed (毕业去向已落实).
    public var isPlaced: Bool { ratePart != nil }

    /// Whether the code is employment with an employer: 10, 11, 12, 27x, 46, 50x, 51x.
    public var isEmployment: Bool { Destination.employmentPrefixes.contains(prefix) }

    /// Whether the code is further study, which needs `study_institution` (80x and 85).
    public var isFurtherStudy: Bool { prefix == "80" || prefix == "85" }

    /// Whether the code is study abroad, which also needs `study_country` (85).
    public var isAbroad: Bool { prefix == "85" }

    /// Whether the code is one of the flexible or self-employed codes whose high share reviewers flag (12, 75, 76).
    public var isReviewerFlagged: Bool { ["12", "75", "76"].contains(prefix) }

    static let employmentPrefixes: Set<String> = ["10", "11", "12", "27", "46", "50", "51"]

    static let parts: [String: RatePart] = [
        "10": .agreementContract, "11": .agreementContract, "12": .flexible, "27": .agreementContract,
        "46": .agreementContract, "50": .agreementContract, "51": .agreementContract,
        "75": .entrepreneurship, "76": .flexible, "77": .flexible, "80": .furtherStudy, "85": .furtherStudy,
    ]
}

/// The parts of 毕业去向落实率 (2021 definition), all over the same denominator.
public enum RatePart: String, Sendable, CaseIterable {
    /// 协议和合同就业.
    case agreementContract = "agreement_contract"
    /// 灵活就业.
    case flexible
    /// 自主创业.
    case entrepreneurship
    /// 升学.
    case furtherStudy = "further_study"

    /// The Chinese name used in report headers.
    public var label: String {
        switch self {
        case .agreementContract: return "协议和合同就业"
        case .flexible: return "灵活就业"
        case .entrepreneurship: return "自主创业"
        case .furtherStudy: return "升学"
        }
    }

    /// The JSON key of the part's rate, e.g. `further_study_rate`.
    public var rateKey: String { rawValue + "_rate" }

    /// The Chinese name of the part's rate, e.g. `升学率`.
    public var rateLabel: String { label + "率" }
}
