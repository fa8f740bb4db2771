/// The sign-in page and the notices shown outside the signed-in area.
enum SignInPage {
    /// The form that posts a central-office token to `/login`; `message` explains a refusal (never echoing the token).
    static func render(message: String? = nil) -> HTML {
        let error: HTML = message.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        return DashboardLayout.plain(title: "就业指导中心登录", body: """
            \(error)<p class="note">请输入校级（就业指导中心）令牌。令牌由中心节点用 <code>gradsync token issue --central</code> 签发；学院令牌只能用于同步。</p>\
            <form method="post" action="/login"><label for="token">令牌</label>\
            <input type="password" id="token" name="token" autocomplete="off" required autofocus>\
            <button type="submit" class="primary">登录</button></form>
            """)
    }

    /// The notice a department node shows at `/`: the dashboard lives on the central node.
    static func departmentNotice(scope: String) -> HTML {
        DashboardLayout.plain(title: "GradSync 学院节点", body: """
            <p>这是学院 \(scope) 的 GradSync 节点，只提供同步服务。全校报表和同步状态请在就业指导中心节点上查看。</p>
            """)
    }

    /// A short page saying why a form was refused, with a way back.
    static func notice(_ title: String, _ text: String) -> HTML {
        DashboardLayout.plain(title: title, body: "<p>\(text)</p><p><a href=\"/\">返回总览</a></p>")
    }

    /// The page for a dashboard address that names nothing (e.g. an unknown department).
    static func notFound(_ what: String) -> HTML {
        DashboardLayout.plain(title: "未找到", body: "<p>\(what)</p><p><a href=\"/\">返回总览</a></p>")
    }
}
