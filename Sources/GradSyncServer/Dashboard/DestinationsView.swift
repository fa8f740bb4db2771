import GradSyncPlacement

/// How graduates are distributed over destination codes.
enum DestinationsView {
    static func make(_ data: DashboardData) throws -> DashboardView {
        let table = DestinationReport.make(groups: try data.groups(DestinationReport.fieldsRead))
        let chart = BarChart(title: "毕业去向分布", bars: table.rows.map { row in
            let code = row.text("group"), name = row.text("label")
            return BarChart.Bar(label: code == name ? name : "\(code) \(name)", value: row.rate("share"),
                                caption: "\(DashboardFormat.count(row.count("graduates"))) 人 · \(DashboardFormat.percent(row.rate("share")))")
        })
        return DashboardView(title: "毕业去向分布", current: "/destinations", sections: [
            DashboardSection("按毕业去向代码", name: "destinations", table: table,
                             note: "每个代码单独成行（含未列入代码表的子代码）；占比的分母为全部毕业生。",
                             chart: table.rows.isEmpty ? nil : chart.render()),
        ])
    }
}
