/// Graduates still without a counted destination (70, 71, 72 or none), for continued service
/// (离校不离心、服务不断线, domain notes §5.6).
///
/// Name and phone, which the follow-up needs, are personal data and appear only with `includePersonal`.
public enum UnplacedReport {
    /// The report's name in JSON.
    public static let name = "unplaced"

    /// Lists unplaced graduates sorted by department, then student number; `total` is the whole list's size when
    /// `records` is one page of it (nil: the unplaced among `records`).
    public static func make(_ records: [GraduateRecord], includePersonal: Bool = false, total listSize: Int? = nil,
                            codes: CodeSet = .latest) -> ReportTable {
        let unplaced = records.filter { !$0.isPlaced(codes) }
            .sorted { ($0.department, $0.studentNumber) < ($1.department, $1.studentNumber) }
        let rows = unplaced.map { record -> [String: ReportValue] in
            var row: [String: ReportValue] = [
                "group": .text(record.studentNumber), "department": .text(record.department),
                "major_name": record.text("major_name").map(ReportValue.text) ?? .empty,
                "degree_level": record.text("degree_level").map(ReportValue.text) ?? .empty,
                "destination_code": record.text("destination_code").map(ReportValue.text) ?? .empty,
                "destination": .text(record.destination(codes)?.classification.name ?? PlacementReport.missingGroup),
            ]
            if includePersonal {
                row["name"] = record.text("name").map(ReportValue.text) ?? .empty
                row["phone"] = record.text("phone").map(ReportValue.text) ?? .empty
            }
            return row
        }
        var columns = [ReportColumn("group", "学号")]
        if includePersonal { columns.append(ReportColumn("name", "姓名")) }
        columns += [ReportColumn("department", "学院"), ReportColumn("major_name", "专业名称"),
                    ReportColumn("degree_level", "学历层次"), ReportColumn("destination_code", "毕业去向代码"),
                    ReportColumn("destination", "毕业去向")]
        if includePersonal { columns.append(ReportColumn("phone", "手机号")) }
        let total: [String: ReportValue] = ["group": .text(PlacementReport.totalGroup), "graduates": .count(listSize ?? unplaced.count)]
        return ReportTable(report: name, by: "graduate", columns: columns, rows: rows, total: total)
    }
}
