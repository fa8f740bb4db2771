import GradSyncPlacement

/// The department directory (学院代码 and 中文名称) the reports name departments by, with the form that sets an entry.
enum DirectoryPage {
    static func make(_ directory: DepartmentDirectory, notice: FormNotice? = nil) -> DashboardView {
        let rows = directory.names.sorted { $0.key < $1.key }.map { code, name -> [String: ReportValue] in
            ["group": .text(code), "name": .text(name)]
        }
        let table = ReportTable(report: "department_directory", by: "department",
                                columns: [ReportColumn("group", "学院代码"), ReportColumn("name", "学院名称")], rows: rows, total: [:])
        let section = DashboardSection(
            "学院目录", name: "directory", table: table,
            note: "目录随同步传到每个学院；设置已有代码的名称即为改名。学院代码为 1 至 32 个英文字母、数字、连字符或下划线。",
            forms: { token in
                """
                <form method="post" action="/directory" class="act fields">\(DashboardLayout.formTokenField(token))\
                <div><label for="code">学院代码</label><input type="text" id="code" name="code" required></div>\
                <div><label for="name">中文名称</label><input type="text" id="name" name="name" required></div>\
                <button type="submit" class="primary">保存</button></form>
                """
            })
        return DashboardView(title: "学院目录", current: "/directory", sections: [section], notice: notice)
    }
}
