import GradSyncCore

/// The graduate record's fields (domain notes §3) and how roster columns map onto them.
///
/// Required fields (`student_no`, `name`, `gender`, `degree_level`, `grad_year`) are what the
/// national system needs to count a graduate at all. `department` is not among them: it is the
/// record's scope, supplied by the store, never read from the field values.
public enum GraduateSchema {
    /// The collection graduate records live in.
    public static let collection = "graduate"

    /// Every known field, in the order exports write them.
    public static let fields: [RecordField] = [
        RecordField("student_no", "学号", .studentNumber, required: true, columns: ["学号"]),
        RecordField("exam_no", "考生号", .examNumber, columns: ["考生号"]),
        RecordField("name", "姓名", .text(maxLength: 64), privacy: .personal, required: true, columns: ["姓名"]),
        RecordField("gender", "性别", .choice([("1", "男"), ("2", "女")]), required: true, columns: ["性别", "性别代码"]),
        RecordField("department", "学院", .department, columns: ["学院", "院系", "学院代码", "学院名称"]),
        RecordField("major_code", "专业代码", .majorCode, columns: ["专业代码"]),
        RecordField("major_name", "专业名称", .text(maxLength: 64), columns: ["专业名称", "专业"]),
        RecordField("degree_level", "学历层次", .choice([("专科", "专科"), ("本科", "本科"), ("硕士", "硕士"), ("博士", "博士")]),
                      required: true, columns: ["学历层次", "学历"]),
        RecordField("grad_year", "毕业年份", .wholeNumber(2000...2100), required: true, columns: ["毕业年份", "毕业年度"]),
        RecordField("origin_region", "生源地", .region, columns: ["生源地代码", "生源地", "生源所在地代码", "生源所在地"]),
        RecordField("key_groups", "重点群体类别", .keyGroups, privacy: .sensitive,
                      columns: ["重点群体类别", "困难生类别", "重点群体"]),
        RecordField("destination_code", "毕业去向代码", .code(.destination), columns: ["毕业去向类别代码", "毕业去向代码", "毕业去向"]),
        RecordField("employer_name", "单位名称", .text(maxLength: 128), columns: ["单位名称"]),
        RecordField("employer_uscc", "统一社会信用代码", .socialCreditCode, columns: ["统一社会信用代码"]),
        RecordField("employer_nature", "单位性质", .code(.employerNature), columns: ["单位性质代码", "单位性质"]),
        RecordField("employer_industry", "单位行业", .code(.industry), columns: ["单位行业代码", "单位行业"]),
        RecordField("employer_region", "单位所在地", .region, columns: ["单位所在地代码", "单位所在地"]),
        RecordField("employer_country", "单位所在国家（地区）", .text(maxLength: 64), columns: ["单位所在国家（地区）", "单位所在国家"]),
        RecordField("job_category", "工作职位类别", .code(.jobCategory), columns: ["工作职位类别代码", "工作职位类别"]),
        RecordField("sign_date", "签约日期", .date, columns: ["签约日期"]),
        RecordField("study_institution", "升学院校", .text(maxLength: 128), columns: ["升学院校", "升学院校名称"]),
        RecordField("study_country", "留学国家（地区）", .text(maxLength: 64), columns: ["留学国家（地区）", "留学国家", "国家"]),
        RecordField("review_status", "审核状态",
                      .choice([("待审核", "未审核"), ("学院已审核", "学院审核通过"), ("学校已审核", "学校审核通过"), ("退回", "退回修改")]),
                      columns: ["审核状态"]),
        RecordField("phone", "手机号", .mobilePhone, privacy: .personal, columns: ["手机号", "手机号码", "联系电话"]),
    ]

    private static let byName = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })

    private static let byColumn: [String: RecordField] = {
        var map: [String: RecordField] = [:]
        for field in fields {
            map[field.name] = field
            for column in field.columns { map[column] = field }
        }
        return map
    }()

    /// The field with this schema name, or nil for an unknown (possibly newer) field.
    public static func field(named name: String) -> RecordField? { byName[name] }

    /// The field a roster header means: a schema name or a Chinese column name (surrounding spaces ignored).
    public static func field(forColumn header: String) -> RecordField? {
        byColumn[header.trimmingSpaces]
    }

    /// The fields whose values are sensitive personal information (left out of exports unless asked).
    public static let sensitiveFieldNames = Set(fields.filter { $0.privacy == .sensitive }.map(\.name))
}

extension String {
    /// The text without leading and trailing spaces, tabs and full-width spaces.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
