/// 毕业去向落实率 and its parts, grouped by one dimension (domain notes §5.1).
///
/// Every graduate passed in counts in the denominator (the caller leaves out deleted records).
/// A graduate whose value for the dimension is missing counts in the `未填写` row. In the
/// `key_group` report only key-group graduates appear: one with several key groups counts in each
/// of their rows, so rows may add up to more than the total, which counts each graduate once.
/// Each part of the rate comes as a count (`further_study`) and as a rate over the same denominator
/// (`further_study_rate`); degree levels are listed from 博士 down to 专科.
public enum PlacementReport {
    /// The report's name in JSON.
    public static let name = "placement"

    /// The group of graduates whose value for the dimension is missing.
    public static let missingGroup = "未填写"

    /// The group of the total row.
    public static let totalGroup = "合计"

    /// Counts placement by `dimension`; groups are sorted by their value.
    public static func make(_ records: [GraduateRecord], by dimension: PlacementDimension,
                            departments: DepartmentDirectory = DepartmentDirectory([:]), codes: CodeSet = .latest) -> ReportTable {
        make(groups: records.asGroups, by: dimension, departments: departments, codes: codes)
    }

    /// The fields a placement report by `dimension` reads: what a grouped count must return for it.
    public static func fieldsRead(by dimension: PlacementDimension) -> [String] {
        ["destination_code"] + dimension.fieldsRead
    }

    /// Counts placement by `dimension` over groups of graduates (each showing at least `fieldsRead(by:)`).
    public static func make(groups graduates: [GraduateGroup], by dimension: PlacementDimension,
                            departments: DepartmentDirectory = DepartmentDirectory([:]), codes: CodeSet = .latest) -> ReportTable {
        var tallies: [String: PlacementTally] = [:]
        var labels: [String: String] = [:]
        var total = PlacementTally()
        for graduate in graduates {
            let record = graduate.record
            let groups = dimension.groups(of: record, departments: departments)
            if dimension == .keyGroup, groups.isEmpty { continue }
            total.add(record, count: graduate.count, codes: codes)
            for (group, label) in groups.isEmpty ? [(missingGroup, missingGroup)] : groups {
                tallies[group, default: PlacementTally()].add(record, count: graduate.count, codes: codes)
                labels[group] = min(labels[group] ?? label, label)
            }
        }
        let rows = dimension.ordered(Array(tallies.keys)).map { tallies[$0]!.row(group: $0, label: labels[$0]!) }
        return ReportTable(report: name, by: dimension.rawValue, columns: columns(dimension), rows: rows,
                           total: total.row(group: totalGroup, label: totalGroup))
    }

    /// The columns of a placement report.
    static func columns(_ dimension: PlacementDimension) -> [ReportColumn] {
        [ReportColumn("group", dimension.title), ReportColumn("label", "名称"), ReportColumn("graduates", "毕业生数"),
         ReportColumn("placed", "已落实"), ReportColumn("placement_rate", "毕业去向落实率")]
            + RatePart.allCases.flatMap { [ReportColumn($0.rawValue, $0.label), ReportColumn($0.rateKey, $0.rateLabel)] }
            + [ReportColumn("unplaced", "未落实")]
    }
}

/// What a placement report groups graduates by.
public enum PlacementDimension: String, Sendable, CaseIterable {
    case department, major
    case degreeLevel = "degree_level"
    case gender
    case originProvince = "origin_province"
    case keyGroup = "key_group"

    /// The Chinese title of the group column.
    public var title: String {
        switch self {
        case .department: return "学院"
        case .major: return "专业"
        case .degreeLevel: return "学历层次"
        case .gender: return "性别"
        case .originProvince: return "生源省份"
        case .keyGroup: return "重点群体"
        }
    }

    /// The fields the groups are read from (the department is the record's scope).
    var fieldsRead: [String] {
        switch self {
        case .department: return []
        case .major: return ["major_code", "major_name"]
        case .degreeLevel: return ["degree_level"]
        case .gender: return ["gender"]
        case .originProvince: return ["origin_region"]
        case .keyGroup: return ["key_groups"]
        }
    }

    /// Degree levels from the highest, as the national statistics list them (研究生 before 本科 before 专科).
    public static let degreeLevelOrder = ["博士", "硕士", "本科", "专科"]

    /// The groups in display order: degree levels from the highest (unknown ones after, by value), others by value.
    func ordered(_ groups: [String]) -> [String] {
        guard self == .degreeLevel else { return groups.sorted() }
        let rank = Dictionary(uniqueKeysWithValues: Self.degreeLevelOrder.enumerated().map { ($1, $0) })
        return groups.sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }
    }

    /// The groups (value and Chinese label) a record belongs to; empty when its value is missing.
    func groups(of record: GraduateRecord, departments: DepartmentDirectory) -> [(String, String)] {
        switch self {
        case .department:
            return [(record.department, departments.name(of: record.department))]
        case .major:
            guard let code = record.text("major_code") ?? record.text("major_name") else { return [] }
            return [(code, record.text("major_name") ?? code)]
        case .degreeLevel:
            return record.text("degree_level").map { [($0, $0)] } ?? []
        case .gender:
            return record.text("gender").map { [($0, $0 == "1" ? "男" : $0 == "2" ? "女" : $0)] } ?? []
        case .originProvince:
            return record.text("origin_region").flatMap(Region.init).map { [($0.province, $0.provinceName)] } ?? []
        case .keyGroup:
            return Array(Set(record.keyGroups)).sorted().map { ($0, $0) }
        }
    }
}

/// The counts behind one row of a placement report.
struct PlacementTally {
    private(set) var graduates = 0
    private(set) var placed = 0
    private(set) var parts: [RatePart: Int] = [:]

    mutating func add(_ record: GraduateRecord, count: Int, codes: CodeSet) {
        graduates += count
        guard let part = record.destination(codes)?.ratePart else { return }
        placed += count
        parts[part, default: 0] += count
    }

    func row(group: String, label: String) -> [String: ReportValue] {
        var row: [String: ReportValue] = [
            "group": .text(group), "label": .text(label), "graduates": .count(graduates), "placed": .count(placed),
            "placement_rate": .rate(placed, of: graduates), "unplaced": .count(graduates - placed),
        ]
        for part in RatePart.allCases {
            row[part.rawValue] = .count(parts[part] ?? 0)
            row[part.rateKey] = .rate(parts[part] ?? 0, of: graduates)
        }
        return row
    }
}
