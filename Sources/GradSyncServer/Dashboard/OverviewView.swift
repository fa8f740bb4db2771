import GradSyncPlacement

/// The overview: the university's 毕业去向落实率, its parts, and every department's, with a chart.
enum OverviewView {
    static func make(_ data: DashboardData) throws -> DashboardView {
        let fields = PlacementReport.fieldsRead(by: .department)
        var table = PlacementReport.make(groups: try data.groups(fields), by: .department, departments: data.departments)
        if let previous = try data.comparisonGroups(fields), let other = data.comparison {
            table = table.comparing(with: PlacementReport.make(groups: previous, by: .department, departments: data.departments),
                                    cohort: other, keys: ["graduates", "placement_rate"])
        }
        let total = table.total
        let graduates = total.count("graduates")
        var cards: [(caption: String, figure: String)] = [("毕业生数", DashboardFormat.count(graduates)), ("已落实", DashboardFormat.count(total.count("placed"))),
                     ("毕业去向落实率", DashboardFormat.percent(total.rate("placement_rate")))]
        for part in RatePart.allCases {
            let share = graduates == 0 ? 0 : Double(total.count(part.rawValue)) / Double(graduates)
            cards.append(("\(part.label)率", DashboardFormat.percent(share)))
        }
        if let other = data.comparison {
            cards.append(("\(other)届毕业去向落实率", DashboardFormat.percent(total.rate("previous_placement_rate"))))
        }
        let chart = BarChart(
            title: "各学院毕业去向落实率",
            bars: table.rows.map { row in
                BarChart.Bar(label: row.text("label"), value: row.rate("placement_rate"), caption: DashboardFormat.percent(row.rate("placement_rate")))
            },
            reference: (total.rate("placement_rate"), "全校 \(DashboardFormat.percent(total.rate("placement_rate")))"))
        let section = DashboardSection(
            "各学院毕业去向落实率", name: "departments", table: table,
            note: "落实率 = 已落实毕业去向人数 ÷ 毕业生总数；各构成部分分母相同。点击学院代码查看专业和未落实毕业生。",
            chart: table.rows.isEmpty ? nil : chart.render(),
            link: { [query = data.query] row in "/departments/\(row.text("group"))" + (query.isEmpty ? "" : "?" + query.dropFirst()) })
        return DashboardView(title: "毕业去向落实率总览", current: "/", cards: cards, sections: [section])
    }
}
