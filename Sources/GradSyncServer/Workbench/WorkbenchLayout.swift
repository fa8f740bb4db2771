/// The page around every workbench view: head, the dashboard's inline style plus the form styles, navigation
/// and the author every write carries.
enum WorkbenchLayout {
    /// The pages of the navigation bar, path and label.
    static let navigation: [(path: String, label: String)] = [
        ("/", "今日工作"), ("/graduates", "毕业生名单"), ("/graduates/new", "新增毕业生"), ("/import", "导入名单"),
        ("/conflicts", "冲突处理"), ("/ledger", "帮扶台账"), ("/sync", "同步"),
    ]

    /// A signed-in page: navigation with `current` marked, the author, the heading, then the body; `head` adds to
    /// the document's head (e.g. a refresh while a sync runs).
    static func page(title: String, current: String, author: String, body: HTML, head: HTML = "") -> HTML {
        var buffer = HTMLBuffer(capacity: 32 * 1024 + body.rendered.utf8.count)
        page(title: title, current: current, author: author, head: head, into: &buffer) { $0.append(body) }
        return buffer.html
    }

    /// The page `page` gives, its body written by `body`, onto the end of `buffer`.
    static func page(title: String, current: String, author: String, head: HTML = "", into buffer: inout HTMLBuffer,
                     body: (inout HTMLBuffer) -> Void) {
        document(title: title, head: head, into: &buffer) { buffer in
            buffer.append("<header><span class=\"brand\">GradSync 学院工作台</span><nav>")
            buffer.append(links[current] ?? unmarkedLinks)
            buffer.append("</nav><span class=\"author\" title=\"每次保存都以此名义记录\">操作人：")
            buffer.append(text: author)
            buffer.append("</span></header><main><h1>")
            buffer.append(text: title)
            buffer.append("</h1>")
            body(&buffer)
            buffer.append("</main>")
        }
    }

    /// The navigation's links with each page marked as the current one, built once.
    private static let links: [String: HTML] = Dictionary(uniqueKeysWithValues: navigation.map { ($0.path, navigationLinks(current: $0.path)) })
    private static let unmarkedLinks = navigationLinks(current: nil)

    private static func navigationLinks(current: String?) -> HTML {
        HTML.joined(navigation.map { item in
            let mark: HTML = item.path == current ? " aria-current=\"page\"" : ""
            return "<a href=\"\(item.path)\"\(mark)>\(item.label)</a>"
        })
    }

    /// A page outside the signed-in area (sign-in refusals).
    static func plain(title: String, body: HTML) -> HTML {
        var buffer = HTMLBuffer(capacity: 32 * 1024)
        document(title: title, into: &buffer) { buffer in
            buffer.append("<main class=\"narrow\"><h1>")
            buffer.append(text: title)
            buffer.append("</h1>")
            buffer.append(body)
            buffer.append("</main>")
        }
        return buffer.html
    }

    private static func document(title: String, head: HTML = "", into buffer: inout HTMLBuffer, body: (inout HTMLBuffer) -> Void) {
        buffer.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head>")
        buffer.append(head)
        buffer.append("<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\"><title>")
        buffer.append(text: title)
        buffer.append(afterTitle)
        body(&buffer)
        buffer.append("</body></html>")
    }

    /// The document's head after the title, and the body's start: the same on every page, built once.
    private static let afterTitle: HTML = """
         · GradSync 工作台</title><style>\(DashboardLayout.style)\(style)</style>\
        <script src="/assets/regions.js" defer></script><script src="/assets/workbench.js" defer></script></head>\
        <body>
        """

    /// The workbench's additions to the dashboard's style: forms, inline problems, filters, paging.
    static let style: HTML = """
        .author{white-space:nowrap;color:#dbe7f7}.region{display:flex;gap:4px;margin-bottom:4px}.region select{flex:1;min-width:0}\
        form.record{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:4px 18px;background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:8px 16px 14px}\
        form.record .field label{margin:8px 0 2px;font-weight:600}form.record .field.needed label::after{content:" *必填";color:#b42318}\
        form.record .field.unused{opacity:.45}form.record .actions{grid-column:1/-1}\
        input[type=text],input[type=search],input[type=date],select{width:100%;padding:5px 7px;font:inherit;border:1px solid #9aa5b1;border-radius:4px}\
        .field.invalid input,.field.invalid select{border-color:#b42318;background:#fff5f5}\
        .problem{color:#b42318;font-size:13px;margin:2px 0 0}.hint{color:#52606d;font-size:12px;margin:2px 0 0}\
        .filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:8px 12px;margin-bottom:12px}\
        .filters label{margin:0 0 2px;font-size:12px}.filters div{min-width:120px}\
        .paging{display:flex;gap:12px;align-items:center;margin:8px 0}\
        .sensitive{border:2px solid #b42318;border-radius:6px;padding:6px 12px;background:#fff5f5;color:#b42318;margin-bottom:12px}\
        .notice{background:#e3f8ff;border:1px solid #7cc4fa;border-radius:6px;padding:8px 12px;margin-bottom:12px}\
        .refused{background:#fff5f5;border:1px solid #b42318;border-radius:6px;padding:8px 12px;margin-bottom:12px}\
        .inline{display:inline}button.secondary{background:#fff;color:#1d3f72;border:1px solid #1d3f72;border-radius:4px;padding:5px 14px;font:inherit;cursor:pointer}\
        button.danger{background:#b42318;color:#fff;border:0;border-radius:4px;padding:6px 16px;font:inherit;cursor:pointer}
        """

    /// The hidden field every state-changing form carries.
    static func csrfField(_ token: String) -> HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(token)\">"
    }
}
