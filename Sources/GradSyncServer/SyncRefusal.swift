import GradSyncStore
import GradSyncSync
import HTTPTypes

/// A refused request: the HTTP status, a stable machine code and a sentence for people.
///
/// Errors become HTTP responses only here, at the edge.
public struct SyncRefusal: Error, Equatable, Sendable {
    public var status: HTTPResponse.Status
    public var code: RefusalCode
    public var message: String

    /// A refusal answered with the status the protocol gives its code (`RefusalCode.sentByNode`).
    public init(_ code: RefusalCode, _ message: String) {
        self.init(status: HTTPResponse.Status(code: code.httpStatus), code: code, message)
    }

    /// A refusal with a status of its own: only for HTTP errors the framework raised, passed on as they came.
    init(status: HTTPResponse.Status, code: RefusalCode, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func badRequest(_ message: String) -> SyncRefusal { SyncRefusal(.badRequest, message) }

    static let unauthorized = SyncRefusal(.unauthorized, "a valid bearer token is required (Authorization: Bearer gs1.<id>.<secret>); it may have been revoked")

    /// The refusal a store error turns into.
    static func from(_ error: StoreError) -> SyncRefusal {
        switch error {
        case .replicaFork: return SyncRefusal(.replicaFork, error.description)
        case .outOfScope: return SyncRefusal(.forbiddenScope, error.description)
        case .invalid: return SyncRefusal(.validationFailed, error.description)
        case .hashMismatch: return SyncRefusal(.hashMismatch, error.description)
        case .forgedChange: return SyncRefusal(.forgedChange, error.description)
        default: return SyncRefusal(.internalError, "the node could not complete the request")
        }
    }

    /// The refusal a malformed wire message turns into.
    static func from(_ error: WireFormatError) -> SyncRefusal {
        SyncRefusal(error.code, error.message)
    }
}
