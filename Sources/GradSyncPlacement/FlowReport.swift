/// Where employed graduates went: employer nature, industry, or region flow (domain notes §5.3).
///
/// Only graduates with an employment destination (10, 11, 12, 27x, 46, 50x, 51x) are counted.
/// Region flow puts each in one of three disjoint groups, tested in this order: `in_province`
/// (employer in the university's province), `back_to_origin_province` (employer in the graduate's
/// origin province), `out_of_province` (anywhere else); a missing or invalid region is `未填写`.
public enum FlowReport {
    /// The report's name in JSON.
    public static let name = "flows"

    /// Counts employed graduates by `dimension`; `universityProvince` is the two-digit province code, e.g. `35`.
    public static func make(_ records: [GraduateRecord], by dimension: FlowDimension, universityProvince: String,
                            codes: CodeSet = .latest) -> ReportTable {
        make(groups: records.asGroups, by: dimension, universityProvince: universityProvince, codes: codes)
    }

    /// The fields a flow report by `dimension` reads.
    public static func fieldsRead(by dimension: FlowDimension) -> [String] {
        dimension == .region ? ["destination_code", "employer_region", "origin_region"] : ["destination_code", dimension.rawValue]
    }

    /// Counts groups of employed graduates by `dimension`.
    public static func make(groups: [GraduateGroup], by dimension: FlowDimension, universityProvince: String,
                            codes: CodeSet = .latest) -> ReportTable {
        var counts: [String: Int] = [:]
        var labels: [String: String] = [:]
        var employed = 0
        for graduate in groups where graduate.record.destination(codes)?.isEmployment ?? false {
            let (group, label) = dimension.group(of: graduate.record, universityProvince: universityProvince, codes: codes)
            counts[group, default: 0] += graduate.count
            labels[group] = label
            employed += graduate.count
        }
        let rows = counts.keys.sorted().map { group -> [String: ReportValue] in
            ["group": .text(group), "label": .text(labels[group]!), "graduates": .count(counts[group]!),
             "share": .rate(counts[group]!, of: employed)]
        }
        let total: [String: ReportValue] = [
            "group": .text(PlacementReport.totalGroup), "label": .text(PlacementReport.totalGroup),
            "graduates": .count(employed), "share": .rate(employed == 0 ? 0 : 1),
        ]
        // Region groups are machine names (`in_province`) kept for JSON; a table shows their Chinese names only.
        let heading = dimension == .region ? [ReportColumn("label", dimension.title)]
            : [ReportColumn("group", dimension.title), ReportColumn("label", "名称")]
        let columns = heading + [ReportColumn("graduates", "就业人数"), ReportColumn("share", "占比")]
        return ReportTable(report: name, by: dimension.rawValue, columns: columns, rows: rows, total: total)
    }
}

/// What a flow report groups employed graduates by.
public enum FlowDimension: String, Sendable, CaseIterable {
    case employerNature = "employer_nature"
    case industry = "employer_industry"
    case region = "employer_region"

    /// The Chinese title of the group column.
    public var title: String {
        switch self {
        case .employerNature: return "单位性质"
        case .industry: return "单位行业"
        case .region: return "就业地区流向"
        }
    }

    func group(of record: GraduateRecord, universityProvince: String, codes: CodeSet) -> (String, String) {
        let missing = (PlacementReport.missingGroup, PlacementReport.missingGroup)
        switch self {
        case .employerNature, .industry:
            let list = self == .employerNature ? codes.employerNature : codes.industry
            guard let code = record.text(rawValue), let classification = list.classify(code) else { return missing }
            return (code, classification.name)
        case .region:
            guard let region = record.text("employer_region").flatMap(Region.init) else { return missing }
            if region.province == universityProvince { return ("in_province", "省内就业") }
            if region.province == record.text("origin_region").flatMap(Region.init)?.province {
                return ("back_to_origin_province", "回生源地就业")
            }
            return ("out_of_province", "省外就业")
        }
    }
}
