import GradSyncCore

/// A parsed roster that passed every check: its rows and what the user should be told.
public struct Roster: Sendable, Equatable {
    /// The encoding the file was read in (UTF-8 for an .xlsx workbook, whose parts are UTF-8 XML).
    public let encoding: TextEncoding
    /// The worksheet read, for an .xlsx roster; nil for CSV.
    public var sheet: String? = nil
    /// The graduates, in file order.
    public let rows: [RosterRow]
    /// Columns that were not imported, to show the user.
    public let warnings: [RosterWarning]
    /// Cells the parser changed on its own (line breaks folded), to show the user.
    public let notices: [RosterNotice]
}

/// One graduate of a roster: the cells given, as field values.
public struct RosterRow: Sendable, Equatable {
    /// The physical line of the file where the row starts (the header is line 1).
    public let line: Int
    /// The graduate's department code (the record's scope), from the 学院 column or the default.
    public let department: String
    /// The fields given, `student_no` included; empty cells are absent (they do not clear a field).
    public let fields: [String: FieldValue]
    /// For a roster read from a worksheet, the cell each field came from (`student_no` → `A7`), for messages.
    public var cells: [String: String] = [:]

    /// The student number, the record's key.
    public var studentNumber: String { fields["student_no"]?.stringValue ?? "" }

    /// Ties record-level errors (from `GraduateValidator.validateRecord`) to this row for the user.
    public func issues(for errors: [ValidationError]) -> [RosterIssue] {
        errors.map { error in
            let column = GraduateSchema.field(named: error.field)?.column ?? error.field
            return RosterIssue(line: line, column: column, value: error.value, reason: error.allowed, cell: cells[error.field])
        }
    }
}

/// Something about a roster the user should know that does not stop the import.
public struct RosterWarning: Sendable, Equatable, CustomStringConvertible {
    /// The column header concerned.
    public let column: String
    /// What happened to it.
    public let message: String

    /// Describes a warning.
    public init(column: String, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { Messages.rosterColumn(column, message) }
}

/// One problem with one cell (or the header) of a roster.
public struct RosterIssue: Sendable, Equatable, CustomStringConvertible {
    /// The physical line where the record starts (the header is line 1).
    public let line: Int
    /// The column header as written in the file.
    public let column: String
    /// The cell as given, or `ValidationError.hidden` for personal data.
    public let value: String
    /// What is allowed, or what is wrong.
    public let reason: String
    /// For a roster read from a worksheet, the cell (`C7`: column letter and sheet row), nil for CSV.
    public let cell: String?

    /// Describes an issue.
    public init(line: Int, column: String, value: String, reason: String, cell: String? = nil) {
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
        self.cell = cell
    }

    /// A problem with the file as a whole (not a workbook, not text in its encoding, no header): no line, cell or
    /// value to name, only what is wrong with the file.
    public static func file(_ reason: String) -> RosterIssue {
        RosterIssue(line: 0, column: "", value: "", reason: reason)
    }

    /// Whether the issue is about the whole file (`file(_:)`) rather than a line of it.
    public var isAboutFile: Bool { line == 0 }

    public var description: String {
        isAboutFile ? reason : Messages.rosterIssue(line: line, cell: cell, column: column, value: value, reason: reason)
    }
}

/// A roster refused as a whole: every issue found, so the user can fix the file in one pass.
public struct RosterRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem, in line order.
    public let issues: [RosterIssue]
    /// Columns that would not have been imported.
    public let warnings: [RosterWarning]
    /// Cells the parser changed on its own (line breaks folded).
    public let notices: [RosterNotice]
    /// The rows whose cells all passed, so the caller can check record rules on them too and list
    /// every bad row in one pass.
    public let rows: [RosterRow]

    public var description: String {
        Messages.rosterRefused(issues: issues)
    }
}
