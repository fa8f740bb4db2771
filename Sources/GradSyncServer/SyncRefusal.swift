import GradSyncStore
import GradSyncSync
import HTTPTypes

/// A refused request: the HTTP status, a stable machine code and a sentence for people.
///
/// Errors become HTTP responses only here, at the edge.
public struct SyncRefusal: Error, Equatable, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func badRequest(_ message: String) -> SyncRefusal { SyncRefusal(.badRequest, "bad_request", message) }

    static let unauthorized = SyncRefusal(.unauthorized, "unauthorized", "a valid bearer token is required (Authorization: Bearer gs1.<id>.<secret>); it may have been revoked")

    /// The refusal a store error turns into.
    static func from(_ error: StoreError) -> SyncRefusal {
        switch error {
        case .replicaFork: return SyncRefusal(.conflict, error.code, error.description)
        case .outOfScope: return SyncRefusal(.forbidden, "forbidden_scope", error.description)
        case .invalid, .hashMismatch: return SyncRefusal(.unprocessableContent, error.code, error.description)
        default: return SyncRefusal(.internalServerError, "internal", "the node could not complete the request")
        }
    }

    /// The refusal a malformed wire message turns into.
    static func from(_ error: WireFormatError) -> SyncRefusal {
        SyncRefusal(error.code == "hash_mismatch" ? .unprocessableContent : .badRequest, error.code, error.message)
    }
}
