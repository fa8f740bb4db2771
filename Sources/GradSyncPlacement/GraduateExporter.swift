import Foundation
import GradSyncCore

/// Formats graduate records for export: CSV for Excel on Chinese Windows, an .xlsx workbook, or canonical JSON.
///
/// Sensitive fields (key groups) are left out unless `includeSensitive`. Unknown fields from newer
/// versions are kept (after the known ones, under their field names); internal fields starting
/// with `_` (the tombstone) are not exported.
public struct GraduateExporter: Sendable {
    /// Whether sensitive personal information (key groups) is exported; the caller logs who asked.
    public let includeSensitive: Bool

    /// Makes an exporter.
    public init(includeSensitive: Bool = false) {
        self.includeSensitive = includeSensitive
    }

    /// The records as CSV bytes: Chinese headers, CRLF, UTF-8 with BOM or GB18030; rows sorted by department, student number.
    ///
    /// Identifiers Excel would change on opening (a 14-digit 考生号, a 学号 or 专业代码 with a leading zero) are written
    /// `="…"` (`CSVWriter.textFormula`), so they show and save back as written; the roster import reads them back.
    public func csv(_ records: [GraduateRecord], encoding: TextEncoding = .utf8) -> Data? {
        CSVWriter.data(csvRows(records), encoding: encoding, digitsAsText: true)
    }

    /// The records as an .xlsx workbook of one sheet: the CSV's table (same header, columns, order and sensitive-field
    /// rule), every cell text so that identifiers stay as written.
    public func xlsx(_ records: [GraduateRecord]) throws(XLSXError) -> Data {
        try XLSXWriter.workbook(sheetName: Self.sheetName, rows: csvRows(records))
    }

    /// The name of the exported workbook's sheet.
    public static let sheetName = "毕业生"

    /// The CSV table (header first) before encoding; key groups are joined with `、`.
    public func csvRows(_ records: [GraduateRecord]) -> [[String]] {
        let known = GraduateSchema.fields.filter { includeSensitive || $0.privacy != .sensitive }
        let unknown = Set(records.flatMap { $0.fields.keys }.filter(isUnknownExported)).sorted()
        let header = known.map(\.column) + unknown
        let body = sorted(records).map { record in
            known.map { field in
                field.name == "department" ? record.department : cell(record.fields[field.name] ?? .null)
            } + unknown.map { cell(record.fields[$0] ?? .null) }
        }
        return [header] + body
    }

    /// Canonical JSON: a list of objects (fields plus `department`), sorted by department then student number,
    /// object keys sorted, no timestamps, so equal replicas print equal bytes. Ends with a newline.
    public func json(_ records: [GraduateRecord]) -> String {
        let objects = sorted(records).map { record -> FieldValue in
            var members = record.fields.filter { exported($0.key) }
            members["department"] = .string(record.department)
            return .object(members)
        }
        return FieldValue.list(objects).canonicalJSON + "\n"
    }

    private func sorted(_ records: [GraduateRecord]) -> [GraduateRecord] {
        records.sorted { ($0.department, $0.studentNumber) < ($1.department, $1.studentNumber) }
    }

    private func exported(_ name: String) -> Bool {
        !name.hasPrefix("_") && (includeSensitive || !GraduateSchema.sensitiveFieldNames.contains(name))
    }

    private func isUnknownExported(_ name: String) -> Bool {
        GraduateSchema.field(named: name) == nil && exported(name)
    }

    private func cell(_ value: FieldValue) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .null: return ""
        case .list(let items) where items.allSatisfy({ $0.stringValue != nil }): return items.compactMap(\.stringValue).joined(separator: "、")
        default: return value.canonicalJSON
        }
    }
}
