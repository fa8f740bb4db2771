extension Messages {
    // MARK: Workbooks (.xlsx) read and written

    /// An old .xls or a password-protected workbook (both OLE compound files).
    public static let legacyWorkbook = "这是 Excel 97-2003（.xls）工作簿或加了密码的工作簿，无法读取；请另存为 .xlsx（不设密码）或 CSV"
    /// A file that is not a ZIP container, so no .xlsx.
    public static let notAWorkbook = "这不是 .xlsx 工作簿（.xlsx 文件是 ZIP 压缩包，而此文件不是）"
    /// A file over the size read.
    public static func workbookTooLarge(bytes: Int, limit: Int) -> String { "工作簿有 \(bytes) 字节，至多读取 \(limit) 字节" }
    /// A ZIP container that does not open.
    public static func workbookDamaged(_ detail: String) -> String { "这不是可读的 .xlsx 工作簿：ZIP 压缩包已损坏（\(detail)）" }
    /// A ZIP with far more entries than a spreadsheet has.
    public static func workbookTooManyEntries(limit: Int) -> String {
        "工作簿中的 ZIP 条目超过 \(limit) 个；电子表格只有几十个，因此拒绝读取"
    }
    /// A part of the workbook that is a folder or a link.
    public static func workbookPartNotAFile(_ part: String) -> String { "工作簿的部件 \(part) 不是文件" }
    /// A part that inflates past the bound.
    public static func workbookPartTooLarge(_ part: String, limit: Int) -> String {
        "工作簿的部件 \(part) 解压后超过 \(limit) 字节（ZIP 炸弹，或远大于任何花名册），拒绝读取"
    }
    /// A part that does not inflate.
    public static func workbookPartDamaged(_ part: String, _ detail: String) -> String { "工作簿的部件 \(part) 无法解压（\(detail)）" }
    /// An OpenDocument spreadsheet.
    public static let openDocumentSpreadsheet = "这是 OpenDocument（.ods）电子表格，不是 .xlsx 工作簿；请另存为 .xlsx 或 CSV"
    /// A ZIP without a workbook part.
    public static let zipWithoutWorkbook = "这是 ZIP 文件，但不是 .xlsx 工作簿（其中没有工作簿部件）"
    /// A sheet asked for by name that the workbook lacks.
    public static func noSheetNamed(_ name: String, sheets: [String]) -> String {
        "工作簿中没有名为“\(name)”的工作表；它的工作表有：" + sheets.map { "“\($0)”" }.joined(separator: "、")
    }
    /// A workbook whose sheets are all hidden.
    public static let noVisibleSheet = "工作簿中没有可见的工作表"
    /// A sheet the workbook lists without saying where it is.
    public static func sheetNotLocated(_ name: String) -> String { "工作簿没有说明工作表“\(name)”存放在哪里" }
    /// A sheet the workbook lists but does not hold.
    public static func sheetMissing(_ name: String, path: String) -> String { "工作簿中缺少工作表“\(name)”（\(path)）" }
    /// A row number past the bound.
    public static func sheetTooManyRows(_ number: Int, limit: Int) -> String { "工作表中有第 \(number) 行；至多读取 \(limit) 行" }
    /// A column past the bound.
    public static func sheetTooManyColumns(column: String, row: Int, limit: Int) -> String {
        "工作表第 \(row) 行在 \(column) 列有单元格；至多读取 \(limit) 列"
    }
    /// A cell naming a shared string that is not there.
    public static func missingSharedString(cell: String, index: String) -> String {
        "单元格 \(cell) 引用编号为 \(index) 的共享字符串，而工作簿中没有"
    }
    /// A part declaring a DTD (entities could expand without bound).
    public static func workbookPartDeclaresDTD(_ part: String) -> String {
        "工作簿的\(part)声明了 DTD，电子表格软件从不这样写，拒绝读取"
    }
    /// A part that is not SpreadsheetML.
    public static func workbookPartUnreadable(_ part: String, _ detail: String) -> String {
        "工作簿的\(part)不是可读的 SpreadsheetML（\(detail)）"
    }
    /// A workbook part named for messages: the sheet's.
    public static func sheetPart(_ name: String) -> String { "工作表“\(name)”" }
    /// Workbook part names for messages.
    public static let sharedStringsPart = "共享字符串", stylesPart = "样式", packageRelationshipsPart = "包关系",
                      workbookRelationshipsPart = "工作簿关系"
    /// A workbook the exporter could not put together.
    public static func workbookNotAssembled(_ detail: String?) -> String { "无法生成工作簿" + (detail.map { "（\($0)）" } ?? "") }
    /// A cell too long for a spreadsheet.
    public static func cellTooLong(cell: String, characters: Int, limit: Int) -> String {
        "单元格 \(cell) 有 \(characters) 个字符，超过电子表格单元格的上限（\(limit)）；请导出为 CSV 或 JSON"
    }

    // MARK: Roster files refused whole

    /// A roster refused with `issues`: a file that could not be read at all (one issue, about the file) says what is
    /// wrong with it, not "line 1"; otherwise every issue is listed (`rosterRefused(_:)`).
    public static func rosterRefused(issues: [RosterIssue]) -> String {
        if issues.count == 1, issues[0].isAboutFile { return "花名册被拒绝，未导入任何内容：\(issues[0].reason)" }
        return rosterRefused(issues.map(\.description))
    }
}
