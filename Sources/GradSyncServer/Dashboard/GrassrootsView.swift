import GradSyncPlacement

/// Grassroots projects (50x/51x) and village and community posts (55/56) by department.
enum GrassrootsView {
    static func make(_ data: DashboardData) throws -> DashboardView {
        let table = GrassrootsReport.make(groups: try data.groups(GrassrootsReport.fieldsRead), departments: data.departments)
        let chart = BarChart(
            title: "各学院基层就业占比",
            bars: table.rows.map { row in
                BarChart.Bar(label: row.text("label"), value: row.rate("grassroots_share"), caption: DashboardFormat.percent(row.rate("grassroots_share")))
            },
            reference: (table.total.rate("grassroots_share"), "全校 \(DashboardFormat.percent(table.total.rate("grassroots_share")))"))
        let cards: [(caption: String, figure: String)] = [("基层项目占比", DashboardFormat.percent(table.total.rate("projects_share"))),
                     ("村和社区占比", DashboardFormat.percent(table.total.rate("village_community_share"))),
                     ("基层就业占比", DashboardFormat.percent(table.total.rate("grassroots_share")))]
        return DashboardView(title: "基层和重点领域就业", current: "/grassroots", cards: cards, sections: [
            DashboardSection("各学院基层就业", name: "grassroots", table: table,
                             note: "分母为就业人数。基层项目：国家和地方基层项目（50x、51x）；村和社区：单位性质 55 农村建制村、56 城镇社区；两者都算的只计一次。",
                             chart: table.rows.isEmpty ? nil : chart.render()),
        ])
    }
}
