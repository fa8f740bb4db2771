import GradSyncPlacement

/// One department's drill-down: its majors' and degree levels' rates, and its graduates still unplaced.
///
/// The only page that shows names and phone numbers (personal data): the office needs them to follow up.
enum DepartmentView {
    static func make(_ data: DashboardData, department code: String) -> DashboardView {
        let records = data.graduates.filter { $0.department == code }
        let name = data.departments.name(of: code)
        let majors = PlacementReport.make(records, by: .major, departments: data.departments)
        let levels = PlacementReport.make(records, by: .degreeLevel, departments: data.departments)
        let unplaced = UnplacedReport.make(records, includePersonal: true)
        let cards: [(caption: String, figure: String)] = [("毕业生数", DashboardFormat.count(majors.total.count("graduates"))),
                     ("已落实", DashboardFormat.count(majors.total.count("placed"))),
                     ("毕业去向落实率", DashboardFormat.percent(majors.total.rate("placement_rate"))),
                     ("未落实", DashboardFormat.count(unplaced.rows.count))]
        let chart = BarChart(title: "各专业毕业去向落实率", bars: majors.rows.map { row in
            BarChart.Bar(label: row.text("label"), value: row.rate("placement_rate"), caption: DashboardFormat.percent(row.rate("placement_rate")))
        })
        return DashboardView(title: "\(name)（\(code)）", current: "", cards: cards, sections: [
            DashboardSection("各专业毕业去向落实率", name: "majors", table: majors,
                             chart: majors.rows.isEmpty ? nil : chart.render()),
            DashboardSection("各学历层次毕业去向落实率", name: "degree_levels", table: levels),
            DashboardSection("未落实毕业去向的毕业生", name: "unplaced", table: unplaced,
                             note: "离校不离心、服务不断线：以下为待就业、暂不就业或未填写去向的毕业生。姓名和手机号是个人信息，仅供跟踪服务使用，请勿外传。"),
        ])
    }
}
