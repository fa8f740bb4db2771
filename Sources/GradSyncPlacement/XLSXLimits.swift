/// Bounds on what reading an .xlsx file may cost, so that a hostile or broken file (a ZIP bomb: a few kilobytes
/// that inflate to gigabytes, or a central directory listing millions of entries) is refused instead of filling
/// memory. The defaults are far above any roster: a 500-graduate workbook is some 40 KB holding a 300 KB sheet, so
/// a 32 MiB sheet holds some 50 000 graduates.
public struct XLSXLimits: Sendable, Equatable {
    /// The largest file accepted, compressed.
    public var fileBytes: Int
    /// The most ZIP entries (a workbook saved by Excel or LibreOffice has 10 to 30).
    public var entries: Int
    /// The most bytes any one part may inflate to.
    public var partBytes: Int
    /// The most bytes all parts read may inflate to together.
    public var totalBytes: Int
    /// The most rows and columns of the sheet read.
    public var rows: Int, columns: Int

    /// Makes limits; the defaults suit rosters of tens of thousands of graduates.
    public init(fileBytes: Int = 32 << 20, entries: Int = 1_000, partBytes: Int = 32 << 20, totalBytes: Int = 64 << 20,
                rows: Int = 200_000, columns: Int = 1_024) {
        self.fileBytes = fileBytes
        self.entries = entries
        self.partBytes = partBytes
        self.totalBytes = totalBytes
        self.rows = rows
        self.columns = columns
    }
}
