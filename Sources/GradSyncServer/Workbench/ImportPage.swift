import GradSyncPlacement
import GradSyncRecords

/// `/import`: upload a roster CSV, see its dry run (every problem with line, column and value; what would be
/// created, updated and left alone), then confirm. Nothing is written before the confirmation.
struct ImportPage {
    /// Where the page stands.
    enum Stage {
        case upload
        /// The roster was refused whole: every problem, nothing written.
        case refused(issues: [RosterIssue], notices: [String])
        /// The dry run passed: what confirming would do, and the id that confirms it.
        case checked(outcome: RosterImportOutcome, notices: [String], pending: String, encoding: String)
        /// The roster was imported.
        case imported(RosterImportOutcome)
    }

    let stage: Stage
    let csrf: String
    let author: String
    let uploadLimit: Int

    func render() -> HTML {
        var body: [HTML] = []
        switch stage {
        case .upload:
            break
        case .refused(let issues, let notices):
            body.append("<div class=\"refused\" role=\"alert\" id=\"import-refused\"><strong>名单被整体拒绝，什么也没有写入：共 \(issues.count) 个问题。</strong>改正后重新上传。</div>")
            body.append(noticeList(notices))
            let rows = HTML.joined(issues.map { issue -> HTML in
                "<tr><td class=\"number\">\(issue.line)</td><td>\(issue.column)</td><td>\(issue.value)</td><td>\(issue.reason)</td></tr>"
            })
            body.append("<div class=\"table\"><table id=\"import-issues\"><thead><tr><th>行</th><th>列</th><th>值</th><th>问题</th></tr></thead><tbody>\(rows)</tbody></table></div>")
        case .checked(let outcome, let notices, let pending, let encoding):
            body.append("""
                <div class="notice" role="status" id="import-checked">试导入通过（\(encoding)），尚未写入：将新增 <strong>\(outcome.created)</strong> 人，\
                更新 <strong>\(outcome.updated)</strong> 人，\(outcome.unchanged) 人不变\(skipped(outcome))。</div>
                """)
            body.append(noticeList(notices))
            body.append("""
                <form method="post" action="/import/confirm">\(WorkbenchLayout.csrfField(csrf))<input type="hidden" name="pending" value="\(pending)">\
                <button type="submit" class="primary" id="import-confirm">确认导入</button></form>
                """)
        case .imported(let outcome):
            body.append("""
                <div class="notice" role="status" id="import-done">已导入：新增 \(outcome.created) 人，更新 \(outcome.updated) 人，\
                \(outcome.unchanged) 人不变，共写入 \(outcome.changes) 项修改\(skipped(outcome))。</div>
                """)
        }
        body.append("""
            <section><h2>上传名单</h2><p class="note">Excel 工作簿（.xlsx）或 CSV 文件（UTF-8、带 BOM 的 UTF-8 或 GB18030），不超过 \
            \(uploadLimit / 1024 / 1024) MB。表头用全国系统的中文列名或字段名。先试导入，确认后才写入；有任何问题时整份名单都不导入。</p>\
            <form method="post" action="/import" enctype="multipart/form-data">\(WorkbenchLayout.csrfField(csrf))\
            <input type="file" name="roster" id="roster" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required> \
            <button type="submit" class="primary">试导入</button></form></section>
            """)
        return WorkbenchLayout.page(title: "导入名单", current: "/import", author: author, body: .joined(body))
    }

    private func skipped(_ outcome: RosterImportOutcome) -> String {
        outcome.skippedDeleted.isEmpty ? "" : "；\(outcome.skippedDeleted.count) 人已删除，未改动"
    }

    private func noticeList(_ notices: [String]) -> HTML {
        guard !notices.isEmpty else { return "" }
        return "<ul class=\"note\">\(HTML.joined(notices.map { "<li>\($0)</li>" as HTML }))</ul>"
    }
}
