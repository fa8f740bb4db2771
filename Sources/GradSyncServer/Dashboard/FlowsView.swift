import GradSyncPlacement

/// Where employed graduates went: in or out of the university's province or back to their origin, by industry and employer nature.
enum FlowsView {
    static func make(_ data: DashboardData, universityProvince: String?) throws -> DashboardView {
        func flows(_ dimension: FlowDimension, _ province: String) throws -> ReportTable {
            FlowReport.make(groups: try data.groups(FlowReport.fieldsRead(by: dimension)), by: dimension, universityProvince: province)
        }
        let note: HTML = "只统计就业类毕业去向（10、11、12、27x、46、50x、51x）；占比的分母为就业人数。"
        var sections: [DashboardSection] = []
        if let province = universityProvince {
            let provinceName = Region.provinces[province] ?? province
            sections.append(DashboardSection(
                "就业地区流向", name: "regions", table: try flows(.region, province),
                note: "\(note) 学校所在省份：\(provinceName)。省内就业优先于回生源地就业计数。"))
        } else {
            sections.append(DashboardSection(
                "就业地区流向", name: "regions", table: nil,
                note: "未设置学校所在省份，无法区分省内、省外和回生源地就业：请以 gradsync serve --university-province 代码（如 35）启动节点。"))
        }
        sections.append(DashboardSection("按单位行业", name: "industries",
                                         table: try flows(.industry, universityProvince ?? ""), note: note))
        sections.append(DashboardSection("按单位性质", name: "natures",
                                         table: try flows(.employerNature, universityProvince ?? ""), note: note))
        return DashboardView(title: "就业流向", current: "/flows", sections: sections)
    }
}
