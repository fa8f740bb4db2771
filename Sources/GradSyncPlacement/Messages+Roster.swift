import GradSyncCore

extension Messages {
    /// A refused cell or row of a roster: where (with the workbook's cell, e.g. `B3`, when it came from one), the
    /// value (hidden for personal fields), the rule.
    public static func rosterIssue(line: Int, cell: String? = nil, column: String, value: String, reason: String) -> String {
        let row = cell.map { "第 \(line) 行（单元格 \($0)）" } ?? "第 \(line) 行"
        let place = column.isEmpty ? row : "\(row)“\(column)”列"
        if value.isEmpty { return "\(place)：\(reason)" }
        if value == ValidationError.hidden { return "\(place)：所填值（个人信息，不显示）不可用；\(reason)" }
        return "\(place)：“\(value)”不可用；\(reason)"
    }

    /// A roster refused whole.
    public static func rosterRefused(_ issues: [String]) -> String {
        "花名册被拒绝，未导入任何内容：共 \(issues.count) 处问题\n" + issues.map { "  \($0)" }.joined(separator: "\n")
    }

    /// A column left out, and why.
    public static func rosterColumn(_ column: String, _ message: String) -> String { "“\(column)”列：\(message)" }

    /// A cell changed on import, and how.
    public static func rosterNotice(line: Int, column: String, _ message: String) -> String { "第 \(line) 行“\(column)”列：\(message)" }

    /// Two columns for one field where that is refused.
    public static func oneColumnPerField(earlier: String, label: String, name: String) -> String {
        "每个字段只能有一列；“\(earlier)”列已表示\(label)（\(name)）"
    }

    /// A column left out because another gives its field.
    public static func columnGivenAlready(by kept: String, label: String, name: String) -> String { "未导入：“\(kept)”列已给出\(label)（\(name)）" }

    /// A column no field is read from.
    public static let unknownColumn = "不是已知的列，其内容不导入"

    /// 身份证号, never stored.
    public static let nationalIDNotStored = "毕业去向登记不需要身份证号，本系统不保存（个人信息只收集必要的）；其内容不导入"

    /// No 学号 column.
    public static let needsStudentNumberColumn = "须有学号（student_no）列"

    /// No 学院 column on a replica without a department of its own.
    public static let needsDepartmentColumn = "须有学院（department）列：本副本没有自己的学院"

    /// A row with more cells than the header.
    public static func tooManyCells(_ count: Int) -> String { "至多 \(count) 个单元格，与表头列数相同" }

    /// Line breaks folded in a cell.
    public static func lineBreaksFolded(_ count: Int) -> String { "单元格内的 \(count) 个换行已各改为一个空格" }

    /// A row without a student number.
    public static let needsStudentNumber = "每行都须有学号"

    /// A student number given twice in one roster.
    public static func studentNumberTwice(alsoOn line: Int) -> String { "每个学号在花名册中只能出现一次；第 \(line) 行也有" }

    /// A department cell naming no department of the directory.
    public static func departmentOfDirectory(_ listed: [(code: String, name: String)]) -> String {
        "须为学院目录中的学院代码或名称：" + listed.map { "\($0.code)（\($0.name)）" }.joined(separator: "、")
    }

    /// A workbook row taken for the sheet's title.
    public static func titleRow(_ line: Int) -> String { "第 \(line) 行是表头上方的表格标题，未导入" }

    /// What an import did, or with `dryRun` would have done, with `file` read from `source` (a sheet or an encoding).
    public static func importSummary(file: String, source: String, dryRun: Bool, created: Int, updated: Int, unchanged: Int,
                                     changes: Int, skippedDeleted: Int) -> String {
        let figures = "新增 \(created)，更新 \(updated)，未变 \(unchanged)，写入变更 \(changes)"
            + (skippedDeleted == 0 ? "" : "，跳过（已删除）\(skippedDeleted)")
        return dryRun ? "试导入 \(file)（\(source)），未写入任何内容；若导入将：\(figures)"
                      : "已导入 \(file)（\(source)）：\(figures)"
    }

    /// The sheet a roster was read from, for the import summary.
    public static func rosterSheet(_ name: String) -> String { "工作表“\(name)”" }

    /// A roster row of a deleted graduate, not imported.
    public static func deletedLeftAlone(line: Int, studentNumber: String) -> String {
        "第 \(line) 行：毕业生 \(studentNumber) 已删除，未改动（加 --restore-deleted 可恢复并更新）"
    }

    /// A file not in the expected encoding.
    public static func notText(encoding: String) -> String { "文件不是有效的 \(encoding) 文本" }
    /// A file without a header row.
    public static let noHeaderRow = "文件没有表头行"
    /// CSV: text after a closing quote.
    public static func textAfterClosingQuote(line: Int) -> String { "第 \(line) 行的字段在右引号后还有文字" }
    /// CSV: a quote never closed.
    public static let quoteNeverClosed = "引号括起的字段没有结束"
}
