/// Why a sync stopped, by the class of failure a caller acts on: fix the configuration, retry later, ask for
/// credentials, or look at the data.
///
/// The library only classifies; the CLI decides what each class means to a script (its exit codes and
/// one-word statuses, in `shared/CLI.md`).
public enum SyncFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// Usage or configuration (no remote, bad URL, the URL is not a GradSync node, a redirect).
    case configuration(code: RefusalCode, message: String)
    /// The remote was unreachable, timed out or kept failing transiently, or this replica stayed busy.
    case unreachable(code: RefusalCode, message: String)
    /// Authentication or authorization refused.
    case unauthorized(code: RefusalCode, message: String)
    /// Data refused by the remote or by this replica (protocol version, validation, `replica_fork`).
    case refused(code: RefusalCode, message: String)
    /// Something unexpected.
    case internalError(code: RefusalCode, message: String)

    /// The machine reason, the remote's or this replica's.
    public var code: RefusalCode {
        switch self {
        case .configuration(let code, _), .unreachable(let code, _), .unauthorized(let code, _), .refused(let code, _), .internalError(let code, _):
            return code
        }
    }

    public var description: String {
        switch self {
        case .configuration(_, let message), .unreachable(_, let message), .unauthorized(_, let message), .refused(_, let message),
             .internalError(_, let message):
            return message
        }
    }
}
