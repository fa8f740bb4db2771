import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// Every replica's sync health as this node saw it: last contact, last complete sync, changes not yet received,
/// clock offset (flagged beyond the node's allowed drift) and the last error.
enum SyncHealthView {
    static func make(_ clients: [ClientHealth], suspects: [ClockSuspect], maxDriftMilliseconds: UInt64,
                     departments: DepartmentDirectory, keys: [String: ReplicaKeyBinding] = [:]) -> DashboardView {
        let driftLimit = DashboardFormat.offset(Int64(maxDriftMilliseconds)).replacingOccurrences(of: "快 ", with: "")
        let rows = clients.map { client -> [String: ReportValue] in
            let suspect = client.clockOffsetMilliseconds.magnitude > maxDriftMilliseconds
            return [
                "group": .text(client.replicaID),
                "scope": .text(client.scope == "*" ? "全校" : departments.name(of: client.scope)),
                "last_seen": .text(DashboardFormat.time(client.lastSeenMilliseconds)),
                "last_sync": client.lastSyncMilliseconds.map { .text(DashboardFormat.time($0)) } ?? .text("从未完成"),
                "lacking": .count(Int(clamping: client.lacking)),
                "clock_offset": .text(DashboardFormat.offset(client.clockOffsetMilliseconds)),
                "clock_suspect": .flag(suspect),
                "last_error": .text(client.lastErrorCode ?? ""),
                "last_error_time": client.lastErrorMilliseconds.map { .text(DashboardFormat.time($0)) } ?? .empty,
                // Whether the replica proved its key at a handshake (protocol/SPEC.md 5.2), and which key.
                "key": .text(keys[client.replicaID].map { "已验证 \($0.fingerprint)" } ?? "未验证"),
            ]
        }
        let columns = [
            ReportColumn("group", "副本"), ReportColumn("scope", "学院"), ReportColumn("last_seen", "最近连接"),
            ReportColumn("last_sync", "最近同步完成"), ReportColumn("lacking", "尚未收到的变更"),
            ReportColumn("clock_offset", "时钟偏差"), ReportColumn("clock_suspect", "时钟异常"),
            ReportColumn("last_error", "最近错误"), ReportColumn("last_error_time", "错误时间"), ReportColumn("key", "副本密钥"),
        ]
        let table = ReportTable(report: "sync_health", by: "replica", columns: columns, rows: rows, total: [:])
        let suspectTable = ReportTable(
            report: "clock_suspects", by: "origin",
            columns: [ReportColumn("group", "来源副本"), ReportColumn("ahead", "超前最多"), ReportColumn("last_seen", "最近发现")],
            rows: suspects.map { suspect in
                ["group": .text(suspect.origin.hex), "ahead": .text(DashboardFormat.offset(Int64(clamping: suspect.aheadMilliseconds))),
                 "last_seen": .text(DashboardFormat.time(suspect.lastSeenMilliseconds))]
            },
            total: [:])
        let behind = clients.filter { $0.lacking > 0 }.count
        let flagged = rows.filter { $0["clock_suspect"] == .flag(true) }.count
        let failing = clients.filter { $0.lastErrorCode != nil }.count
        return DashboardView(
            title: "同步状态", current: "/sync",
            cards: [("副本数", DashboardFormat.count(clients.count)), ("有未收到变更", DashboardFormat.count(behind)),
                    ("时钟异常", DashboardFormat.count(flagged)), ("最近同步出错", DashboardFormat.count(failing))],
            sections: [
                DashboardSection("各副本同步情况", name: "replicas", table: table,
                                 note: "“尚未收到的变更”是副本上次握手时本节点有而它没有的变更数；时钟偏差超过允许的 \(driftLimit) 标为异常（时间为北京时间）。“副本密钥”已验证的副本在握手时证明了它持有该密钥（指纹与副本上 gradsync status 显示的一致）；未验证的是尚不签名的旧版本副本。",
                                 isFlagged: { row in row["clock_suspect"] == .flag(true) || row.text("last_error") != "" }),
                DashboardSection("时钟可疑的来源副本", name: "clock_suspects", table: suspectTable,
                                 note: "收到的变更时间戳超前本节点时钟超过允许偏差的来源副本。副本的时钟校正后可以撤下提示；再收到超前的变更时会重新列出。",
                                 forms: { token in dismissForms(suspects, formToken: token) }),
            ])
    }

    /// A form for each clock suspect that dismisses it.
    static func dismissForms(_ suspects: [ClockSuspect], formToken: String) -> HTML {
        .joined(suspects.map { suspect in
            """
            <form method="post" action="/sync" class="act">\(DashboardLayout.formTokenField(formToken))\
            <input type="hidden" name="origin" value="\(suspect.origin.hex)">\
            <button type="submit">撤下 \(String(suspect.origin.hex.prefix(12))) 的时钟提示</button></form>
            """
        })
    }
}
