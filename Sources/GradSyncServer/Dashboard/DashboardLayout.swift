/// The page around every dashboard view: head, inline style, navigation and sign-out.
enum DashboardLayout {
    /// The pages of the navigation bar, path and label.
    static let navigation: [(path: String, label: String)] = [
        ("/", "落实率总览"), ("/destinations", "毕业去向分布"), ("/flows", "就业流向"), ("/grassroots", "基层就业"),
        ("/assistance", "重点群体帮扶"), ("/conflicts", "冲突记录"), ("/graduates", "更正记录"), ("/directory", "学院目录"),
        ("/tokens", "令牌"), ("/sync", "同步状态"),
    ]

    /// A signed-in page: navigation with `current` marked, the heading, then the body.
    static func page(title: String, current: String, formToken: String, body: HTML) -> HTML {
        var buffer = HTMLBuffer(capacity: body.rendered.utf8.count + 8 * 1024)
        page(title: title, current: current, formToken: formToken, into: &buffer) { $0.append(body) }
        return buffer.html
    }

    /// A signed-in page written onto the end of `buffer`, as `page(title:current:formToken:body:)` gives it, the body
    /// written in its place by `body`.
    static func page(title: String, current: String, formToken: String, into buffer: inout HTMLBuffer,
                     body: (inout HTMLBuffer) -> Void) {
        open(title: title, into: &buffer)
        buffer.append("<header><span class=\"brand\">GradSync 就业指导中心</span><nav>")
        for item in navigation {
            buffer.append("<a href=\"")
            buffer.append(text: item.path)
            buffer.append(item.path == current ? "\" aria-current=\"page\">" : "\">")
            buffer.append(text: item.label)
            buffer.append("</a>")
        }
        buffer.append("</nav><form method=\"post\" action=\"/logout\" class=\"logout\">")
        buffer.append(formTokenField(formToken))
        buffer.append("<button type=\"submit\">退出登录</button></form></header><main><h1>")
        buffer.append(text: title)
        buffer.append("</h1>")
        body(&buffer)
        buffer.append("</main>")
        close(into: &buffer)
    }

    /// The hidden field that carries the session's form token in every form.
    static func formTokenField(_ token: String) -> HTML {
        "<input type=\"hidden\" name=\"\(DashboardForm.tokenField)\" value=\"\(token)\">"
    }

    /// A page outside the signed-in area (sign-in, notices).
    static func plain(title: String, body: HTML) -> HTML {
        var buffer = HTMLBuffer(capacity: body.rendered.utf8.count + 6 * 1024)
        open(title: title, into: &buffer)
        buffer.append("<main class=\"narrow\"><h1>")
        buffer.append(text: title)
        buffer.append("</h1>")
        buffer.append(body)
        buffer.append("</main>")
        close(into: &buffer)
        return buffer.html
    }

    /// The document up to the opening of its body.
    private static func open(title: String, into buffer: inout HTMLBuffer) {
        buffer.append("""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <link rel="icon" href="data:,"><title>
            """)
        buffer.append(text: title)
        buffer.append(" · GradSync</title><style>")
        buffer.append(style)
        buffer.append("</style></head><body>")
    }

    /// The document from the closing of its body.
    private static func close(into buffer: inout HTMLBuffer) {
        buffer.append("</body></html>")
    }

    /// Plain CSS for a 1366×768 screen; fonts are the machine's own (no web font is fetched).
    static let style: HTML = """
        *{box-sizing:border-box}\
        body{margin:0;font:14px/1.5 "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;color:#1f2933;background:#f5f7fa}\
        header{display:flex;align-items:center;gap:16px;background:#1d3f72;color:#fff;padding:8px 20px}\
        .brand{font-weight:bold;white-space:nowrap}\
        nav{display:flex;flex-wrap:wrap;gap:4px;flex:1}\
        nav a{color:#dbe7f7;text-decoration:none;padding:4px 10px;border-radius:4px}\
        nav a[aria-current=page]{background:#fff;color:#1d3f72}\
        .logout button{background:none;border:1px solid #dbe7f7;color:#fff;border-radius:4px;padding:3px 10px;cursor:pointer}\
        main{max-width:1320px;margin:0 auto;padding:12px 20px 32px}\
        main.narrow{max-width:520px;margin-top:60px;background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:20px 28px}\
        h1{font-size:22px;margin:8px 0 12px}h2{font-size:17px;margin:20px 0 8px}\
        section{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:4px 16px 8px;margin-bottom:14px}\
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:14px}\
        .card{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:10px 16px;min-width:150px}\
        .card .figure{font-size:22px;font-weight:bold;color:#1d3f72}.card .caption{color:#52606d}\
        .table{overflow-x:auto}table{border-collapse:collapse;width:100%}\
        th,td{border-bottom:1px solid #e4e7eb;padding:4px 8px;text-align:left;white-space:nowrap}\
        th{background:#f0f4f8;font-weight:600}td.number{text-align:right;font-variant-numeric:tabular-nums}\
        tr.total td{font-weight:bold;border-top:2px solid #9aa5b1}tr.flagged td{background:#fff3c4}\
        .note{color:#52606d}.download{margin:6px 0}.empty{color:#7b8794}.error{color:#b42318;font-weight:bold}\
        .chart{max-width:100%;height:auto;display:block;margin:6px 0}\
        .chart .label,.chart .value{font-size:13px;fill:#1f2933}.chart .track{fill:#eef2f7}.chart .bar{fill:#2f6fb8}\
        .chart .reference{stroke:#b42318;stroke-width:2;stroke-dasharray:4 3}.chart .reference-label{font-size:12px;fill:#b42318}\
        label{display:block;margin:12px 0 4px}input[type=password]{width:100%;padding:6px 8px;font:inherit}\
        form.act{margin:8px 0;padding:8px 0;border-top:1px solid #e4e7eb}form.act input[type=text],form.act textarea{padding:4px 6px;font:inherit}\
        form.act button{margin:2px 6px 2px 0;font:inherit;cursor:pointer}.fields label{display:inline-block;width:190px;margin:4px 0}\
        .fields input[type=text],.fields textarea,.fields select{width:420px}.notice{padding:8px 14px;border-radius:6px;margin-bottom:12px}\
        .notice.done{background:#e3f9e5;border:1px solid #8eedc7}.notice.refused{background:#ffe3e3;border:1px solid #ffbdbd}\
        .secret{font-family:monospace;font-size:15px;background:#fff3c4;padding:6px 10px;word-break:break-all}\
        button.primary{margin-top:14px;background:#1d3f72;color:#fff;border:0;border-radius:4px;padding:7px 20px;font:inherit;cursor:pointer}\
        a{color:#1d5fa8}
        """
}
