import Foundation
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore

/// The tokens this node issued (never their secrets), the form that issues a department's token, and revocation.
enum TokensPage {
    /// A token just issued: shown once, on the page that answers the issuing form.
    struct Issued: Sendable {
        let info: TokenInfo
        let token: String
    }

    static func make(_ tokens: [TokenInfo], departments: DepartmentDirectory, issued: Issued? = nil,
                     notice: FormNotice? = nil) -> DashboardView {
        let rows = tokens.map { token -> [String: ReportValue] in
            ["group": .text(token.id), "scope": .text(token.scope == .central ? "全校（就业指导中心）" : departments.name(of: token.scope.description)),
             "label": .text(token.label ?? ""), "created": .text(DashboardFormat.time(token.createdAtMilliseconds)),
             "last_used": token.lastUsedMilliseconds.map { .text(DashboardFormat.time($0)) } ?? .text("从未使用"),
             "revoked": token.revokedAtMilliseconds.map { .text(DashboardFormat.time($0)) } ?? .empty]
        }
        let table = ReportTable(report: "tokens", by: "token", columns: [
            ReportColumn("group", "令牌编号"), ReportColumn("scope", "范围"), ReportColumn("label", "标签"), ReportColumn("created", "签发时间"),
            ReportColumn("last_used", "最近使用"), ReportColumn("revoked", "吊销时间"),
        ], rows: rows, total: [:])
        let live = tokens.filter { $0.revokedAtMilliseconds == nil }
        var sections: [DashboardSection] = []
        if let issued { sections.append(shown(issued)) }
        sections.append(DashboardSection(
            "已签发的令牌", name: "tokens", table: table, note: "只保存令牌的编号和摘要，不保存密钥。吊销后，持有该令牌的笔记本不能再同步。",
            isFlagged: { row in row["revoked"] != .empty },
            forms: { token in
                .joined(live.map { info in
                    """
                    <form method="post" action="/tokens/revoke" class="act">\(DashboardLayout.formTokenField(token))\
                    <input type="hidden" name="id" value="\(info.id)"><button type="submit" name="revoke" value="\(info.id)">吊销 \(info.id)（\(info.label ?? "")）</button></form>
                    """
                })
            }))
        sections.append(DashboardSection(
            "为学院签发令牌", name: "issue", table: nil,
            note: "令牌只在签发后显示一次，请下载为文件交给学院，在笔记本上用 gradsync remote set … --token-file 文件 保存。",
            forms: { token in
                """
                <form method="post" action="/tokens" class="act fields">\(DashboardLayout.formTokenField(token))\
                <div><label for="department">学院代码</label><input type="text" id="department" name="department" required></div>\
                <div><label for="label">标签（发给谁）</label><input type="text" id="label" name="label" required></div>\
                <button type="submit" class="primary">签发</button></form>
                """
            }))
        return DashboardView(title: "令牌", current: "/tokens", sections: sections, notice: notice)
    }

    /// The section that shows a token just issued, and offers it as a file.
    static func shown(_ issued: Issued) -> DashboardSection {
        let file = "gradsync-\(issued.info.scope.description).token"
        let href = "data:text/plain;charset=utf-8;base64," + Data((issued.token + "\n").utf8).base64EncodedString()
        return DashboardSection(
            "新令牌（只显示这一次）", name: "issued", table: nil,
            note: "学院 \(issued.info.scope.description)，标签 \(issued.info.label ?? "")。离开本页后无法再次查看密钥；遗失时请吊销并重新签发。",
            forms: { _ in
                """
                <p class="secret" id="issued-token">\(issued.token)</p>\
                <p><a id="issued-file" href="\(href)" download="\(file)">下载令牌文件 \(file)</a></p>
                """
            })
    }

    /// The label trimmed; refused when empty, over 100 characters or holding control characters (lists and logs show it).
    static func checkedLabel(_ text: String) throws -> String {
        let label = text.trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, label.count <= 100, !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw RecordsError.ambiguous(Messages.tokenLabel)
        }
        return label
    }
}
