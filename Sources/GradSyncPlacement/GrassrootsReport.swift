/// Grassroots and key-sector shares by department (domain notes §5.4).
///
/// Over employed graduates (10, 11, 12, 27x, 46, 50x, 51x), as the flow reports count them: the share in
/// national and local grassroots projects (50x, 51x), the share in village and community posts (employer
/// nature 55, 56), and the share in either (a graduate counted in both counts once).
public enum GrassrootsReport {
    /// The report's name in JSON.
    public static let name = "grassroots"

    /// Counts grassroots placement by department; rows sorted by department code.
    public static func make(_ records: [GraduateRecord], departments: DepartmentDirectory = DepartmentDirectory([:]),
                            codes: CodeSet = .latest) -> ReportTable {
        make(groups: records.asGroups, departments: departments, codes: codes)
    }

    /// The fields the report reads.
    public static let fieldsRead = ["destination_code", "employer_nature"]

    /// Counts grassroots placement by department over groups of graduates.
    public static func make(groups records: [GraduateGroup], departments: DepartmentDirectory = DepartmentDirectory([:]),
                            codes: CodeSet = .latest) -> ReportTable {
        let byDepartment = Dictionary(grouping: records, by: \.record.department)
        let rows = byDepartment.keys.sorted().map { department in
            tally(byDepartment[department]!, codes: codes).row(group: department, label: departments.name(of: department))
        }
        let total = tally(records, codes: codes).row(group: PlacementReport.totalGroup, label: PlacementReport.totalGroup)
        let columns = [
            ReportColumn("group", "学院"), ReportColumn("label", "名称"), ReportColumn("graduates", "毕业生数"),
            ReportColumn("employed", "就业人数"), ReportColumn("projects", "基层项目（50x/51x）"),
            ReportColumn("projects_share", "基层项目占比"), ReportColumn("village_community", "村和社区（55/56）"),
            ReportColumn("village_community_share", "村和社区占比"), ReportColumn("grassroots", "基层就业合计"),
            ReportColumn("grassroots_share", "基层就业占比"),
        ]
        return ReportTable(report: name, by: "department", columns: columns, rows: rows, total: total)
    }

    private static func tally(_ groups: [GraduateGroup], codes: CodeSet) -> Tally {
        var tally = Tally(graduates: groups.reduce(0) { $0 + $1.count })
        for group in groups {
            let record = group.record
            guard let destination = record.destination(codes), destination.isEmployment else { continue }
            let isProject = destination.prefix == "50" || destination.prefix == "51"
            let nature = record.text("employer_nature").flatMap { codes.employerNature.classify($0)?.category.code }
            let isVillage = nature == "55" || nature == "56"
            tally.employed += group.count
            if isProject { tally.projects += group.count }
            if isVillage { tally.village += group.count }
            if isProject || isVillage { tally.either += group.count }
        }
        return tally
    }

    private struct Tally {
        let graduates: Int
        var employed = 0, projects = 0, village = 0, either = 0

        init(graduates: Int) { self.graduates = graduates }

        func row(group: String, label: String) -> [String: ReportValue] {
            ["group": .text(group), "label": .text(label), "graduates": .count(graduates), "employed": .count(employed),
             "projects": .count(projects), "projects_share": .rate(projects, of: employed),
             "village_community": .count(village), "village_community_share": .rate(village, of: employed),
             "grassroots": .count(either), "grassroots_share": .rate(either, of: employed)]
        }
    }
}
