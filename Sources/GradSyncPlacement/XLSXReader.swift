import Foundation

/// Reads one worksheet of an .xlsx workbook (Office Open XML, ECMA-376) into cell texts, within `XLSXLimits`.
///
/// Shared strings, inline strings, rich text, numbers, booleans (`TRUE`/`FALSE`), error values (`#N/A`, which the
/// roster's checks then refuse) and formulas' cached results are read. A number is read as `XLSXCellText`
/// describes: whole numbers as exactly their digits, numbers in a date format as `yyyy-mm-dd` in the workbook's
/// date system (1900, or 1904 when the workbook says so). A range merged down one column (a 学院 cell spanning the
/// rows of its graduates) gives its value to every row it covers, as the sheet shows it; other merged ranges keep
/// their value in the top-left cell only.
///
/// ```swift
/// let sheet = try XLSXReader().sheet(in: data)            // the first sheet
/// let named = try XLSXReader().sheet(in: data, named: "2025届")
/// ```
public struct XLSXReader: Sendable {
    /// The bounds reading keeps to.
    public let limits: XLSXLimits

    /// Makes a reader.
    public init(limits: XLSXLimits = XLSXLimits()) {
        self.limits = limits
    }

    /// The sheet named `name` (hidden or not), or the first visible sheet in tab order when `name` is nil.
    public func sheet(in data: Data, named name: String? = nil) throws(XLSXError) -> XLSXSheet {
        var archive = try XLSXArchive(data: data, limits: limits)
        let workbookPath = try officeDocument(in: &archive)
        guard let workbookData = try archive.part(workbookPath) else {
            if archive.contains("content.xml") || archive.contains("mimetype") {
                throw XLSXError(Messages.openDocumentSpreadsheet)
            }
            throw XLSXError(Messages.zipWithoutWorkbook)
        }
        let workbook = try decode(XLSXMarkup.Workbook.self, workbookData, part: workbookPath)
        let sheets = workbook.sheets.sheet ?? []
        let chosen: XLSXMarkup.Sheet
        if let name {
            guard let match = sheets.first(where: { $0.name == name }) else {
                throw XLSXError(Messages.noSheetNamed(name, sheets: sheets.map(\.name)))
            }
            chosen = match
        } else {
            // The first sheet the secretary sees: a hidden sheet (a template's lookup lists) is passed over.
            guard let first = sheets.first(where: \.isVisible) else { throw XLSXError(Messages.noVisibleSheet) }
            chosen = first
        }
        let relationships = try self.relationships(of: workbookPath, in: &archive)
        guard let sheetTarget = relationships.first(where: { $0.id == chosen.relationship }) else {
            throw XLSXError(Messages.sheetNotLocated(chosen.name))
        }
        let sharedStrings = try relatedPart("/sharedStrings", of: workbookPath, relationships, in: &archive)
            .map { data throws(XLSXError) in try decode(XLSXMarkup.SharedStrings.self, data, part: Messages.sharedStringsPart) }
        let styles = try relatedPart("/styles", of: workbookPath, relationships, in: &archive)
            .map { data throws(XLSXError) in try decode(XLSXMarkup.StyleSheet.self, data, part: Messages.stylesPart) }
        let sheetPath = Self.resolve(sheetTarget.target, from: workbookPath)
        guard let sheetData = try archive.part(sheetPath) else {
            throw XLSXError(Messages.sheetMissing(chosen.name, path: sheetPath))
        }
        let worksheet = try decode(XLSXMarkup.Worksheet.self, sheetData, part: Messages.sheetPart(chosen.name))
        let values = XLSXCellValues(strings: (sharedStrings?.si ?? []).map(\.text), styles: styles,
                                    date1904: ["1", "true"].contains(workbook.workbookPr?.date1904?.lowercased()))
        return XLSXSheet(name: chosen.name, rows: try rows(of: worksheet, values: values))
    }

    /// The workbook part's path, from the package relationships (`xl/workbook.xml` when they do not say).
    private func officeDocument(in archive: inout XLSXArchive) throws(XLSXError) -> String {
        guard let data = try archive.part("_rels/.rels") else { return "xl/workbook.xml" }
        let relationships = try decode(XLSXMarkup.Relationships.self, data, part: Messages.packageRelationshipsPart).relationship ?? []
        guard let document = relationships.first(where: { $0.type.hasSuffix("/officeDocument") }) else { return "xl/workbook.xml" }
        return Self.resolve(document.target, from: "")
    }

    /// The relationships of the part at `path` (kept in `_rels/NAME.rels` beside it).
    private func relationships(of path: String, in archive: inout XLSXArchive) throws(XLSXError) -> [XLSXMarkup.Relationship] {
        let folder = path.split(separator: "/").dropLast().joined(separator: "/")
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        guard let data = try archive.part(relsPath) else { return [] }
        return try decode(XLSXMarkup.Relationships.self, data, part: Messages.workbookRelationshipsPart).relationship ?? []
    }

    /// The bytes of the part the workbook relates to by a type ending in `kind`, or nil when it has none.
    private func relatedPart(_ kind: String, of workbookPath: String, _ relationships: [XLSXMarkup.Relationship],
                             in archive: inout XLSXArchive) throws(XLSXError) -> Data? {
        guard let target = relationships.first(where: { $0.type.hasSuffix(kind) }) else { return nil }
        return try archive.part(Self.resolve(target.target, from: workbookPath))
    }

    /// The rows of a worksheet, their cells as texts, within the row and column bounds.
    private func rows(of worksheet: XLSXMarkup.Worksheet, values: XLSXCellValues) throws(XLSXError) -> [XLSXSheet.Row] {
        var rows: [(number: Int, cells: [String])] = []
        var previousRow = 0
        for row in worksheet.sheetData?.row ?? [] {
            let number = row.r.flatMap { Int($0) } ?? previousRow + 1
            guard number > 0, number <= limits.rows else {
                throw XLSXError(Messages.sheetTooManyRows(number, limit: limits.rows))
            }
            previousRow = number
            var cells: [String] = []
            for cell in row.c ?? [] {
                let column = cell.r.flatMap { XLSXSheet.position(of: $0)?.column } ?? cells.count
                guard column < limits.columns else {
                    throw XLSXError(Messages.sheetTooManyColumns(column: XLSXSheet.columnName(column), row: number, limit: limits.columns))
                }
                let text = try values.text(of: cell, reference: XLSXSheet.columnName(column) + String(number))
                if cells.count <= column { cells += Array(repeating: "", count: column + 1 - cells.count) }
                cells[column] = text
            }
            rows.append((number, cells))
        }
        fillMergedColumns(worksheet.mergeCells?.mergeCell ?? [], into: &rows)
        return rows.map { XLSXSheet.Row(number: $0.number, cells: $0.cells) }
    }

    /// Copies the value of each range merged down one column into the rows below its first.
    private func fillMergedColumns(_ ranges: [XLSXMarkup.MergeCell], into rows: inout [(number: Int, cells: [String])]) {
        let index = Dictionary(rows.enumerated().map { ($0.element.number, $0.offset) }, uniquingKeysWith: { first, _ in first })
        for range in ranges {
            let corners = range.ref.split(separator: ":").compactMap { XLSXSheet.position(of: String($0)) }
            guard corners.count == 2, corners[0].column == corners[1].column, corners[0].row < corners[1].row,
                  let top = index[corners[0].row] else { continue }
            let column = corners[0].column
            let value = column < rows[top].cells.count ? rows[top].cells[column] : ""
            guard !value.isEmpty else { continue }
            for number in (corners[0].row + 1)...min(corners[1].row, limits.rows) {
                guard let at = index[number] else { continue }
                if rows[at].cells.count <= column { rows[at].cells += Array(repeating: "", count: column + 1 - rows[at].cells.count) }
                rows[at].cells[column] = value
            }
        }
    }

    private func decode<Part: Decodable>(_ type: Part.Type, _ data: Data, part: String) throws(XLSXError) -> Part {
        // SpreadsheetML parts never declare a DTD; one that does could define entities that expand without bound.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil {
            throw XLSXError(Messages.workbookPartDeclaresDTD(part))
        }
        do { return try XLSXMarkup.decode(type, from: data) } catch {
            throw XLSXError(Messages.workbookPartUnreadable(part, "\(error)"))
        }
    }

    /// A relationship target as a path in the container: relative to the source part's folder, or absolute (`/xl/…`).
    static func resolve(_ target: String, from source: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : Array(source.split(separator: "/").dropLast())
        for piece in target.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(piece) }
        }
        return parts.joined(separator: "/")
    }
}
