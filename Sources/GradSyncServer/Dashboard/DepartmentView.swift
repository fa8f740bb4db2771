import GradSyncCore
import GradSyncPlacement

/// One department's drill-down: its majors' and degree levels' rates, and its graduates still unplaced.
///
/// The only page that shows names and phone numbers (personal data): the office needs them to follow up.
enum DepartmentView {
    /// The unplaced graduates a page lists; the rest are on the next pages (`?page=2`) and in the CSV download.
    static let pageSize = 100

    /// The page for `code`; `page` counts from 1, nil for every unplaced graduate (the CSV download).
    static func make(_ data: DashboardData, department code: String, page: Int?) throws -> DashboardView {
        let name = data.departments.name(of: code)
        func placement(_ dimension: PlacementDimension) throws -> ReportTable {
            PlacementReport.make(groups: try data.groups(PlacementReport.fieldsRead(by: dimension), department: code), by: dimension,
                                 departments: data.departments)
        }
        let majors = try placement(.major)
        let levels = try placement(.degreeLevel)
        let list = try data.replica.unplacedGraduates(department: try Scope.department(code), cohort: data.cohort,
                                                      limit: page.map { _ in pageSize }, offset: ((page ?? 1) - 1) * pageSize)
        let unplaced = UnplacedReport.make(list.graduates, includePersonal: true, total: list.total)
        let cards: [(caption: String, figure: String)] = [("毕业生数", DashboardFormat.count(majors.total.count("graduates"))),
                     ("已落实", DashboardFormat.count(majors.total.count("placed"))),
                     ("毕业去向落实率", DashboardFormat.percent(majors.total.rate("placement_rate"))),
                     ("未落实", DashboardFormat.count(list.total))]
        let chart = BarChart(title: "各专业毕业去向落实率", bars: majors.rows.map { row in
            BarChart.Bar(label: row.text("label"), value: row.rate("placement_rate"), caption: DashboardFormat.percent(row.rate("placement_rate")))
        })
        return DashboardView(title: "\(name)（\(code)）", current: "", cards: cards, sections: [
            DashboardSection("各专业毕业去向落实率", name: "majors", table: majors,
                             chart: majors.rows.isEmpty ? nil : chart.render()),
            DashboardSection("各学历层次毕业去向落实率", name: "degree_levels", table: levels),
            DashboardSection("未落实毕业去向的毕业生", name: "unplaced", table: unplaced,
                             note: "离校不离心、服务不断线：以下为待就业、暂不就业或未填写去向的毕业生。姓名和手机号是个人信息，仅供跟踪服务使用，请勿外传。\(pages(page ?? 1, total: list.total, carried: data.query))"),
        ])
    }

    /// Where the list stands and links to the pages beside it, when it needs more than one. The links carry the
    /// page's cohort, comparison and date (`carried`), so the next page counts the same records as of the same day.
    private static func pages(_ page: Int, total: Int, carried: String) -> HTML {
        let last = max(1, (total + pageSize - 1) / pageSize)
        guard last > 1 else { return "" }
        let year = carried
        var links: [HTML] = [" 共 \(total) 人，每页 \(pageSize) 人，第 \(page)/\(last) 页。"]
        if page > 1 { links.append("<a href=\"?page=\(page - 1)\(year)\">上一页</a> ") }
        if page < last { links.append("<a href=\"?page=\(page + 1)\(year)\">下一页</a>") }
        return HTML.joined(links)
    }
}
