/// The key-group assistance ledger (重点群体帮扶工作台账, domain notes §4): one record per entry, random keys.
///
/// Every entry has `kind`, `student_no` and `date`; each kind adds its own fields:
/// `mentor` (assigning an assistance mentor) needs `mentor`; `talk` (谈心谈话) needs `mentor` and
/// `summary`; `recommendation` (岗位推荐) needs `employer`, `post` and `outcome`; `training` needs
/// `program` and `hours`.
///
/// `hours` (培训学时) is a positive number of hours with at most one decimal place, 0.1 to 10000
/// (`FieldKind.tenths`): a whole number of hours is stored as an integer, as every older entry holds it, and
/// any other as its canonical decimal text, e.g. `"1.5"` (`Tenths`), since a field value has no fractional
/// number. A typed `1.50` is stored as `"1.5"` and `16.0` as `16`, so identical amounts are identical values.
public enum LedgerSchema {
    /// The collection ledger entries live in.
    public static let collection = "ledger"

    /// Every known ledger field.
    public static let fields: [RecordField] = [
        RecordField("kind", "类型", .choice(LedgerKind.allCases.map { ($0.rawValue, $0.label) }), required: true, columns: ["类型"]),
        RecordField("student_no", "学号", .studentNumber, required: true, columns: ["学号"]),
        RecordField("date", "日期", .date, required: true, columns: ["日期"]),
        RecordField("mentor", "帮扶导师", .text(maxLength: 64), privacy: .personal, columns: ["帮扶导师"]),
        RecordField("summary", "谈话摘要", .multilineText(maxLength: 2000), privacy: .personal, columns: ["谈话摘要"]),
        RecordField("employer", "推荐单位", .text(maxLength: 128), columns: ["推荐单位"]),
        RecordField("post", "推荐岗位", .text(maxLength: 128), columns: ["推荐岗位"]),
        RecordField("outcome", "推荐结果", .text(maxLength: 128), columns: ["推荐结果"]),
        RecordField("program", "培训项目", .text(maxLength: 128), columns: ["培训项目"]),
        RecordField("hours", "培训学时", .tenths(1...100_000), columns: ["培训学时"]),
    ]

    private static let byName = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })

    /// The ledger field with this name, or nil for an unknown (possibly newer) field.
    public static func field(named name: String) -> RecordField? { byName[name] }
}

/// What a ledger entry records.
public enum LedgerKind: String, Sendable, CaseIterable {
    /// An assistance mentor (就业帮扶导师) assigned.
    case mentor
    /// An in-depth talk (谈心谈话).
    case talk
    /// A targeted job recommendation (岗位推荐).
    case recommendation
    /// Training, e.g. 宏志助航计划.
    case training

    /// The Chinese name.
    public var label: String {
        switch self {
        case .mentor: return "帮扶导师"
        case .talk: return "谈心谈话"
        case .recommendation: return "岗位推荐"
        case .training: return "培训"
        }
    }

    /// The fields this kind needs besides `kind`, `student_no` and `date`.
    public var neededFields: [String] {
        switch self {
        case .mentor: return ["mentor"]
        case .talk: return ["mentor", "summary"]
        case .recommendation: return ["employer", "post", "outcome"]
        case .training: return ["program", "hours"]
        }
    }
}
