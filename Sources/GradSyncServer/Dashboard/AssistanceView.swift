import GradSyncPlacement

/// Key-group assistance compliance: mentor, talks ≥ 2, recommendations ≥ 5, and the key-group rate beside the university's.
///
/// Rows name graduates by student number only; key-group categories (sensitive) are never shown.
enum AssistanceView {
    static func make(_ data: DashboardData) throws -> DashboardView {
        let table = withoutMentor(AssistanceReport.make(
            keyGroup: try data.replica.keyGroupGraduates(cohort: data.cohort), university: try data.groups(AssistanceReport.universityFieldsRead),
            ledger: try data.replica.ledgerEntries(), asOf: data.today))
        let total = table.total
        let keyGroup = total.count("graduates")
        func share(_ key: String) -> ReportValue { .rate(total.count(key), of: keyGroup) }
        let summary = ReportTable(
            report: "assistance_summary", by: "measure",
            columns: [ReportColumn("group", "指标"), ReportColumn("graduates", "人数"), ReportColumn("share", "占重点群体比例")],
            rows: [
                ["group": .text("重点群体毕业生"), "graduates": .count(keyGroup), "share": .rate(keyGroup == 0 ? 0 : 1)],
                ["group": .text("已配帮扶导师"), "graduates": .count(total.count("mentor_assigned")), "share": share("mentor_assigned")],
                ["group": .text("谈心谈话 ≥ 2 次"), "graduates": .count(total.count("talks_met")), "share": share("talks_met")],
                ["group": .text("岗位推荐 ≥ 5 次"), "graduates": .count(total.count("recommendations_met")), "share": share("recommendations_met")],
                ["group": .text("帮扶全部达标"), "graduates": .count(total.count("compliant")), "share": share("compliant")],
                ["group": .text("已落实毕业去向"), "graduates": .count(total.count("placed")), "share": share("placed")],
            ],
            total: [:])
        let cards: [(caption: String, figure: String)] = [("重点群体毕业生", DashboardFormat.count(keyGroup)),
                     ("帮扶达标率", DashboardFormat.percent(share("compliant").share)),
                     ("重点群体落实率", DashboardFormat.percent(total.rate("placement_rate"))),
                     ("全校落实率", DashboardFormat.percent(total.rate("university_placement_rate")))]
        return DashboardView(title: "重点群体帮扶", current: "/assistance", cards: cards, sections: [
            DashboardSection("帮扶工作达标情况", name: "summary", table: summary,
                             note: "达标：已配帮扶导师、谈心谈话至少 2 次、岗位推荐至少 5 次。"),
            DashboardSection("逐人台账", name: "graduates", table: table,
                             note: "按学号列出，不显示重点群体类别（敏感个人信息）。",
                             isFlagged: { row in row["compliant"] == .flag(false) }),
        ])
    }
}

extension AssistanceView {
    /// The report without the mentor's name (personal, and this page shows no personal data) and without the two rates,
    /// which the page's cards show.
    static func withoutMentor(_ table: ReportTable) -> ReportTable {
        let hidden: Set<String> = ["mentor", "placement_rate", "university_placement_rate"]
        return ReportTable(report: table.report, by: table.by, columns: table.columns.filter { !hidden.contains($0.key) },
                           rows: table.rows.map { $0.filter { $0.key != "mentor" } }, total: table.total.filter { $0.key != "mentor" })
    }
}

extension ReportValue {
    /// The share of a rate, 0 for other values.
    var share: Double {
        if case .rate(let rate) = self { return rate }
        return 0
    }
}
