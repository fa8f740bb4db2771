/// Something the import changed in a cell on its own, which the user should see: e.g. a line break
/// (Alt+Enter in Excel) inside a single-line text cell, folded to one space.
public struct RosterNotice: Sendable, Equatable, CustomStringConvertible {
    /// The physical line where the row starts (the header is line 1).
    public let line: Int
    /// The column header as written in the file.
    public let column: String
    /// What was done to the cell (never the cell's value, which may be personal).
    public let message: String

    /// Describes a notice.
    public init(line: Int, column: String, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { Messages.rosterNotice(line: line, column: column, message) }

    /// Each line break of `text` (CRLF, LF or CR) as one space, and how many there were.
    static func foldingLineBreaks(_ text: String) -> (text: String, breaks: Int) {
        var out = String.UnicodeScalarView()
        var breaks = 0
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n", afterCR { continue }
            if scalar == "\r" || scalar == "\n" {
                out.append(" ")
                breaks += 1
            } else {
                out.append(scalar)
            }
        }
        return (String(out), breaks)
    }
}
