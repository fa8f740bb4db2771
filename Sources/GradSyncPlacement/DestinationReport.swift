/// How graduates are distributed over destination codes (domain notes §5.2).
///
/// Each code as given is its own row (an unlisted sub-code such as `509` too), beside its
/// category, whether it counts as placed and its part of the rate; graduates without a
/// destination make the `未填写` row. The part of the rate is `part` in JSON (a machine name) and its
/// Chinese name (`part_label`) in tables.
public enum DestinationReport {
    /// The report's name in JSON.
    public static let name = "destinations"

    /// Counts graduates per destination code, rows sorted by code.
    public static func make(_ records: [GraduateRecord], codes: CodeSet = .latest) -> ReportTable {
        make(groups: records.asGroups, codes: codes)
    }

    /// The fields the report reads.
    public static let fieldsRead = ["destination_code"]

    /// Counts groups of graduates per destination code, rows sorted by code.
    public static func make(groups: [GraduateGroup], codes: CodeSet = .latest) -> ReportTable {
        var counts: [String: Int] = [:]
        var graduates = 0
        for group in groups {
            counts[group.record.text("destination_code") ?? PlacementReport.missingGroup, default: 0] += group.count
            graduates += group.count
        }
        let rows = counts.keys.sorted().map { code -> [String: ReportValue] in
            let destination = Destination(code, codes: codes)
            return [
                "group": .text(code),
                "label": .text(destination?.classification.name ?? PlacementReport.missingGroup),
                "category": destination.map { .text($0.prefix) } ?? .empty,
                "placed": .flag(destination?.isPlaced ?? false),
                "part": destination?.ratePart.map { .text($0.rawValue) } ?? .empty,
                "part_label": destination?.ratePart.map { .text($0.label) } ?? .empty,
                "graduates": .count(counts[code]!),
                "share": .rate(counts[code]!, of: graduates),
            ]
        }
        let total: [String: ReportValue] = [
            "group": .text(PlacementReport.totalGroup), "label": .text(PlacementReport.totalGroup), "category": .empty,
            "placed": .empty, "part": .empty, "part_label": .empty, "graduates": .count(graduates), "share": .rate(graduates == 0 ? 0 : 1),
        ]
        let columns = [
            ReportColumn("group", "毕业去向代码"), ReportColumn("label", "名称"), ReportColumn("category", "类别"),
            ReportColumn("placed", "计入落实"), ReportColumn("part_label", "落实率构成"), ReportColumn("graduates", "人数"),
            ReportColumn("share", "占比"),
        ]
        return ReportTable(report: name, by: "destination_code", columns: columns, rows: rows, total: total)
    }
}
