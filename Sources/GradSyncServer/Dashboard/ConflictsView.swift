import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// The conflict journal to review: every head of each concurrently edited field, and records deleted while edited.
///
/// Values of personal and sensitive fields (name, phone, key groups, talk summaries) are hidden here:
/// `gradsync conflicts` on the node shows them to whoever resolves the entry.
enum ConflictsView {
    /// The entries a page lists, each with its form; the rest are on the next pages (`?page=2`) and in the CSV download.
    static let pageSize = 50

    /// The page listing `entries`, page `page` of a journal of `total` entries.
    static func make(_ entries: [ConflictEntry], total: Int, page: Int, departments: DepartmentDirectory) -> DashboardView {
        var rows: [[String: ReportValue]] = []
        rows.reserveCapacity(entries.count * 2)
        for entry in entries {
            let record = entry.record
            let group = record.scope.isShared ? "shared" : departments.name(of: record.scope.name)
            // Each row made with room for every column, rather than copied from the record's and grown.
            func newRow() -> [String: ReportValue] {
                var row = [String: ReportValue](minimumCapacity: 10)
                row["group"] = .text(group)
                row["collection"] = .text(record.collection)
                row["key"] = .text(record.key)
                return row
            }
            switch entry {
            case .field(_, let field, let heads):
                let hidden = hides(field, in: record.collection)
                for (index, head) in heads.enumerated() {
                    var row = newRow()
                    row["field"] = .text(field)
                    row["kind"] = .text("并发修改")
                    row["value"] = .text(hidden ? "（个人信息，已隐藏）" : head.value.displayText)
                    row["shown"] = .flag(index == 0)
                    row["author"] = .text(head.author)
                    row["written"] = .text(DashboardFormat.time(head.hlc.milliseconds))
                    row["origin"] = .text(String(head.id.origin.hex.prefix(12)))
                    rows.append(row)
                }
            case .deletedWhileEdited(_, let fields):
                var row = newRow()
                row["field"] = .text(fields.joined(separator: ", "))
                row["kind"] = .text("删除时被编辑")
                rows.append(row)
            }
        }
        let columns = [
            ReportColumn("group", "学院"), ReportColumn("collection", "集合"), ReportColumn("key", "记录"),
            ReportColumn("field", "字段"), ReportColumn("kind", "类型"), ReportColumn("value", "值"),
            ReportColumn("shown", "当前显示"), ReportColumn("author", "修改人"), ReportColumn("written", "修改时间"),
            ReportColumn("origin", "来源副本"),
        ]
        let table = ReportTable(report: "conflicts", by: "head", columns: columns, rows: rows, total: [:])
        return DashboardView(title: "冲突记录", current: "/conflicts",
                             cards: [("待复核条目", DashboardFormat.count(total))],
                             sections: [DashboardSection(
                                "待复核的冲突", name: "conflicts", table: table,
                                note: "同一字段被不同副本同时修改时，按最后写入显示一个值，其余值列在这里供复核；在下面保留其中一个值或写入另一个值（或在节点上用 gradsync conflicts resolve）即可关闭条目。\(pages(page, total: total))",
                                isFlagged: { row in row["kind"] == .text("删除时被编辑") },
                                forms: { token in ConflictForms.render(entries, departments: departments, formToken: token) })])
    }

    /// Where the page stands and links to the pages beside it, when the journal needs more than one.
    private static func pages(_ page: Int, total: Int) -> HTML {
        let last = max(1, (total + pageSize - 1) / pageSize)
        guard last > 1 || page > 1 else { return "" }
        var links: [HTML] = [" 共 \(total) 条，每页 \(pageSize) 条，第 \(page)/\(last) 页。"]
        if page > 1 { links.append("<a href=\"?page=\(min(page, last + 1) - 1)\">上一页</a> ") }
        if page < last { links.append("<a href=\"?page=\(page + 1)\">下一页</a>") }
        return .joined(links)
    }

    /// Whether a field's values are personal data that this page does not show.
    static func hides(_ field: String, in collection: String) -> Bool {
        switch collection {
        case GraduateSchema.collection: return GraduateSchema.field(named: field)?.hidesValues ?? false
        case LedgerSchema.collection: return LedgerSchema.field(named: field)?.hidesValues ?? false
        default: return false
        }
    }
}
