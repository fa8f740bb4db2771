/// A refusal's stable machine code, as a node answers it and a client reads it (protocol/SPEC.md, section 11).
///
/// Node and client compare these values, never strings. A code a newer node sends that this build does not know
/// is still carried as it came (`RefusalCode(rawValue:)`), so a script sees the remote's own reason.
public struct RefusalCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code as it travels, e.g. `validation_failed`.
    public let rawValue: String

    /// Wraps a code as it came.
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    // The node's refusals.
    public static let badRequest = RefusalCode(rawValue: "bad_request")
    public static let unsupportedProtocol = RefusalCode(rawValue: "unsupported_protocol")
    public static let unauthorized = RefusalCode(rawValue: "unauthorized")
    public static let forbiddenScope = RefusalCode(rawValue: "forbidden_scope")
    public static let replicaClaimed = RefusalCode(rawValue: "replica_claimed")
    public static let badSignature = RefusalCode(rawValue: "bad_signature")
    public static let replicaKeyMismatch = RefusalCode(rawValue: "replica_key_mismatch")
    public static let originForbidden = RefusalCode(rawValue: "origin_forbidden")
    public static let forgedChange = RefusalCode(rawValue: "forged_change")
    public static let notFound = RefusalCode(rawValue: "not_found")
    public static let methodNotAllowed = RefusalCode(rawValue: "method_not_allowed")
    public static let replicaFork = RefusalCode(rawValue: "replica_fork")
    public static let bodyTooLarge = RefusalCode(rawValue: "body_too_large")
    public static let pageTooLarge = RefusalCode(rawValue: "page_too_large")
    public static let unsupportedEncoding = RefusalCode(rawValue: "unsupported_encoding")
    public static let validationFailed = RefusalCode(rawValue: "validation_failed")
    public static let hashMismatch = RefusalCode(rawValue: "hash_mismatch")
    public static let outOfScope = RefusalCode(rawValue: "out_of_scope")
    public static let internalError = RefusalCode(rawValue: "internal")
    public static let busy = RefusalCode(rawValue: "busy")

    // The client's own reasons, for a sync that stopped without a refusal from the node.
    public static let badResponse = RefusalCode(rawValue: "bad_response")
    public static let noProgress = RefusalCode(rawValue: "no_progress")
    public static let timeout = RefusalCode(rawValue: "timeout")
    public static let connectionFailed = RefusalCode(rawValue: "connection_failed")
    public static let tlsUntrusted = RefusalCode(rawValue: "tls_untrusted")
    public static let redirect = RefusalCode(rawValue: "redirect")
    public static let encodeFailed = RefusalCode(rawValue: "encode_failed")

    /// Every refusal a node sends, with its HTTP status: the one table the server answers from and the spec is
    /// checked against.
    public static let sentByNode: [RefusalCode: Int] = [
        .badRequest: 400, .unsupportedProtocol: 400, .unauthorized: 401, .forbiddenScope: 403, .replicaClaimed: 403,
        .badSignature: 401, .replicaKeyMismatch: 403, .originForbidden: 403, .forgedChange: 403,
        .notFound: 404, .methodNotAllowed: 405, .replicaFork: 409, .bodyTooLarge: 413, .pageTooLarge: 413,
        .unsupportedEncoding: 415, .validationFailed: 422, .hashMismatch: 422, .internalError: 500, .busy: 503,
    ]

    /// The HTTP status a node answers this refusal with (500 for a code no node sends).
    public var httpStatus: Int { Self.sentByNode[self] ?? 500 }
}
