import Foundation

/// The kind of file a roster is: CSV text, or an .xlsx workbook.
public enum RosterFormat: String, Sendable, Equatable {
    /// Comma-separated text (UTF-8 or GB18030).
    case csv
    /// An Office Open XML workbook (Excel 2007 and later, LibreOffice, WPS).
    case xlsx

    /// The format of a file, by its bytes first: a ZIP or OLE container is read as a workbook (and refused with a
    /// clear message when it is not an .xlsx one), as is any file whose name says it is a spreadsheet; the rest is CSV.
    ///
    /// Front ends pass the bytes with the file name when they have one (an upload's name may be missing or wrong).
    public static func detect(_ data: Data, fileName: String? = nil) -> RosterFormat {
        if data.starts(with: XLSXArchive.zipMagic) || data.starts(with: XLSXArchive.oleMagic) { return .xlsx }
        let suffix = fileName?.split(separator: ".").last.map { $0.lowercased() }
        return ["xlsx", "xlsm", "xls", "ods"].contains(suffix ?? "") && (fileName?.contains(".") ?? false) ? .xlsx : .csv
    }
}
