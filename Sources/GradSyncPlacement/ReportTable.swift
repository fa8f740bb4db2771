/// A report's result: named columns, rows and a total, ready to render as a text table, CSV or JSON.
public struct ReportTable: Sendable, Equatable {
    /// The report's name, e.g. `placement`.
    public let report: String
    /// The dimension rows are grouped by, e.g. `department`.
    public let by: String
    /// The columns, in display order.
    public let columns: [ReportColumn]
    /// One value per column key for each row.
    public let rows: [[String: ReportValue]]
    /// The whole scope's figures, with the same keys as the rows (empty when the report has no total).
    public let total: [String: ReportValue]

    /// Makes a table.
    public init(report: String, by: String, columns: [ReportColumn], rows: [[String: ReportValue]], total: [String: ReportValue]) {
        self.report = report
        self.by = by
        self.columns = columns
        self.rows = rows
        self.total = total
    }
}

/// A column of a report: its JSON key and its Chinese title.
public struct ReportColumn: Sendable, Equatable {
    /// The key in JSON rows, e.g. `placement_rate`.
    public let key: String
    /// The title in text tables and CSV, e.g. `落实率`.
    public let title: String

    /// Names a column.
    public init(_ key: String, _ title: String) {
        self.key = key
        self.title = title
    }
}

/// One cell of a report.
public enum ReportValue: Sendable, Equatable {
    case text(String)
    case count(Int)
    /// A share from 0 to 1.
    case rate(Double)
    case flag(Bool)
    /// An amount with at most one decimal place, in tenths (training hours): `16`, `17.5`.
    case tenths(Int64)
    /// No value (JSON null, an empty cell).
    case empty

    /// The share `part / whole`, 0 when `whole` is 0.
    public static func rate(_ part: Int, of whole: Int) -> ReportValue {
        .rate(whole == 0 ? 0 : Double(part) / Double(whole))
    }

    /// The value rounded to four decimal places, as reports print rates.
    static func rounded(_ rate: Double) -> Double { (rate * 10_000).rounded() / 10_000 }
}
