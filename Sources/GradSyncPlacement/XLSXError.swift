/// Why an .xlsx file could not be read: not a workbook, over a bound, or a part that does not parse.
public struct XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in words a secretary can act on.
    public let reason: String

    /// Describes a refusal.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
