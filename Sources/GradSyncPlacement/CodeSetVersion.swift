/// A dated edition of the official code lists (`code_set_version`).
public enum CodeSetVersion: String, Sendable, CaseIterable, Comparable {
    /// The lists in force since the 2021 cohort, when 毕业去向落实率 replaced 就业率.
    case v2021 = "2021"
    /// The 2021 lists plus reported, unconfirmed additions (marked `.unconfirmed`).
    case v2024 = "2024"

    /// The newest edition; validators default to it so that no code of an older edition is refused.
    public static let latest: CodeSetVersion = .v2024

    public static func < (lhs: CodeSetVersion, rhs: CodeSetVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Every code list of one edition.
public struct CodeSet: Sendable, Equatable {
    /// The edition.
    public let version: CodeSetVersion
    /// 毕业去向代码 (destination).
    public let destination: CodeList
    /// 单位性质代码 (employer nature).
    public let employerNature: CodeList
    /// 单位行业代码 (employer industry).
    public let industry: CodeList
    /// 工作职位类别代码 (job category).
    public let jobCategory: CodeList

    /// The lists of an edition.
    public init(_ version: CodeSetVersion) {
        self.version = version
        destination = CodeSet.destinationList(version)
        employerNature = CodeSet.employerNatureList(version)
        industry = CodeSet.industryList(version)
        jobCategory = CodeSet.jobCategoryList(version)
    }

    /// The newest edition's lists.
    public static let latest = CodeSet(.latest)
}
