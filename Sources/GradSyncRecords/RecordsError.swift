import GradSyncCore
import GradSyncPlacement

/// Why the records layer refused a read or a write; nothing was written.
///
/// Front ends turn these into exit codes (the CLI) or HTTP answers (the server); the layer itself decides neither.
public enum RecordsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request does not say which record or department it means (a usage error, not bad data).
    case ambiguous(String)
    /// The request names something this replica does not hold or may not do.
    case refused(String)
    /// The record as it would be after the write breaks rules: every broken rule, in schema order.
    case invalid(subject: String, problems: [ValidationError])
    /// A roster refused whole: every bad cell and broken record rule, in line order.
    case rosterRefused([RosterIssue])

    public var description: String {
        switch self {
        case .ambiguous(let message), .refused(let message):
            return message
        case .invalid(let subject, let problems):
            return Messages.refusedWrite(subject, problems: problems.map(\.description))
        case .rosterRefused(let issues):
            return Messages.rosterRefused(issues: issues)
        }
    }
}
