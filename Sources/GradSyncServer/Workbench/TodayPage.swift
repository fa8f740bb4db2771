import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore

/// `/`: today's work — what is not yet synced, the last sync, open conflicts, clock warnings, the department's
/// 毕业去向落实率 by major, and to-do counts that link to the lists behind them.
struct TodayPage {
    /// Everything the page shows, read in one go off the request's task.
    ///
    /// The figures are counted in SQL (grouped counts, as the central dashboard's), so the page holds a row per
    /// group and the key-group graduates' records, never a record per graduate.
    struct Data: Sendable {
        var pending: Int
        var remote: String?
        var peer: PeerState?
        var conflicts: Int
        var clockSuspects: [ClockSuspect]
        /// The live graduates counted by destination and major: the rates by major and the graduates without a destination.
        var groups: [GraduateGroup]
        /// How many live graduates lack a field their destination needs.
        var lackingNeeded: Int
        /// The live key-group graduates, whose assistance the ledger shows (with the fields the report reads).
        var keyGroup: [GraduateRecord]
        var ledger: [LedgerEntry]
        var today: CalendarDate
        var conflictedRecords: Int

        /// Reads the replica: records through the records layer, sync state from the store beneath it.
        static func load(_ replica: PlacementReplica, remote: String?) throws -> Data {
            let store = replica.store
            let peer = try remote.flatMap { try store.health.peerState(url: $0) }
            let all = try store.versionVector(filter: store.scope)
            let own = VersionVector(all.entries.filter { store.scope.mayWrite($0.key.scope) })
            // One grouped count gives the rate by major, the graduates without a destination and those lacking a field.
            let counted = try replica.graduateGroupsLackingNeededFields(
                reading: PlacementReport.fieldsRead(by: .major) + AssistanceReport.universityFieldsRead)
            return Data(pending: Int(own.count(missingFrom: peer?.vector ?? VersionVector())), remote: remote, peer: peer,
                        conflicts: try replica.conflicts(limit: 0, offset: 0).total, clockSuspects: try store.clockSuspects(),
                        groups: counted.map(\.group), lackingNeeded: counted.filter(\.lacking).reduce(0) { $0 + $1.group.count },
                        keyGroup: try replica.graduateStates(holding: "key_groups", reading: AssistanceReport.fieldsRead)
                            .map(\.graduate).filter(\.isKeyGroup), ledger: try replica.ledgerEntries(), today: replica.today,
                        conflictedRecords: try replica.conflictedGraduateCount())
        }
    }

    let data: Data
    let author: String

    func render() -> HTML {
        let byMajor = PlacementReport.make(groups: data.groups, by: .major)
        let total = byMajor.total
        let noDestination = data.groups.filter { $0.record.text("destination_code") == nil }.reduce(0) { $0 + $1.count }
        let missing = data.lackingNeeded
        let assistance = AssistanceReport.make(keyGroup: data.keyGroup, university: data.groups, ledger: data.ledger, asOf: data.today)
        let below = assistance.rows.filter { $0["compliant"] == .flag(false) }.count
        let lastSync: String = data.peer?.lastSyncMilliseconds.map(DashboardFormat.time) ?? "从未同步"
        let result: String
        if data.remote == nil { result = "尚未设置同步节点" }
        else if let error = data.peer?.lastError { result = "上次尝试失败（\(error)）" }
        else { result = data.peer?.lastSyncMilliseconds == nil ? "尚未同步" : "成功" }
        let cards: [(String, String)] = [
            ("待同步的修改", DashboardFormat.count(data.pending)), ("上次同步", lastSync), ("同步结果", result),
            ("待处理冲突", DashboardFormat.count(data.conflicts)), ("毕业去向落实率", DashboardFormat.percent(total.rate("placement_rate"))),
        ]
        let figures = HTML.joined(cards.map { card in
            "<div class=\"card\"><div class=\"figure\">\(card.1)</div><div class=\"caption\">\(card.0)</div></div>"
        })
        var body: [HTML] = ["<div class=\"cards\">\(figures)</div>"]
        for suspect in data.clockSuspects {
            body.append("<p class=\"refused\" role=\"alert\">时钟告警：副本 \(String(suspect.origin.hex.prefix(12))) 的修改时间比本机快 \(DashboardFormat.offset(Int64(suspect.aheadMilliseconds)))。请检查那台电脑的时间设置。</p>")
        }
        let todo: [(String, Int, String)] = [
            ("尚未填写毕业去向", noDestination, "/graduates?category=none"),
            ("缺少去向所需字段", missing, "/graduates?todo=missing"),
            ("重点群体帮扶未达标（谈心≥2、推荐≥5）", below, "/ledger?below=1"),
            ("存在冲突的记录", data.conflictedRecords, "/conflicts"),
        ]
        let items = HTML.joined(todo.map { item in
            "<li><a href=\"\(item.2)\">\(item.0)：<strong>\(DashboardFormat.count(item.1))</strong></a></li>" as HTML
        })
        body.append("<section><h2>待办</h2><ul class=\"todo\">\(items)</ul></section>")
        let bars = byMajor.rows.map { row in
            BarChart.Bar(label: row.text("label"), value: row.rate("placement_rate"), caption: DashboardFormat.percent(row.rate("placement_rate")))
        }
        body.append("""
            <section><h2>各专业毕业去向落实率</h2>\(BarChart(title: "各专业毕业去向落实率", bars: bars).render())\
            \(TableView(table: byMajor).render())</section>
            """)
        body.append("""
            <section><h2>报表与导出</h2><p><a href="/downloads/report.csv">下载落实率报表（按专业、学历层次）</a> · \
            <a href="/downloads/export.csv">下载毕业生名单（Excel CSV）</a></p></section>
            """)
        return WorkbenchLayout.page(title: "今日工作", current: "/", author: author, body: .joined(body))
    }
}
