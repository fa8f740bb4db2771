/// Why a sync stopped, in the classes the `gradsync sync` exit codes name.
public enum SyncFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// Usage or configuration (no remote, bad URL, the URL is not a GradSync node): exit 2.
    case configuration(code: String, message: String)
    /// The remote was unreachable, timed out or kept failing transiently: exit 3.
    case unreachable(code: String, message: String)
    /// Authentication or authorization refused: exit 4.
    case unauthorized(code: String, message: String)
    /// Data refused by the remote or by this replica (protocol version, validation, `replica_fork`): exit 5.
    case refused(code: String, message: String)
    /// Something unexpected: exit 1.
    case internalError(code: String, message: String)

    /// The contract's exit code.
    public var exitCode: Int32 {
        switch self {
        case .configuration: return 2
        case .unreachable: return 3
        case .unauthorized: return 4
        case .refused: return 5
        case .internalError: return 1
        }
    }

    /// The contract's one-word status.
    public var status: String {
        switch self {
        case .configuration: return "usage"
        case .unreachable: return "unreachable"
        case .unauthorized: return "unauthorized"
        case .refused: return "refused"
        case .internalError: return "error"
        }
    }

    /// The machine reason, the remote's or this replica's.
    public var code: String {
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
