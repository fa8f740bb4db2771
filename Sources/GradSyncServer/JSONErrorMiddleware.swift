import Foundation
import GradSyncStore
import GradSyncSync
import Hummingbird
import Logging
import NIOCore

/// Turns every error into a JSON refusal with a stable code, and logs each request without personal data.
///
/// Logs carry the method, path, status, duration and a request id; never bodies, keys, values or tokens.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = request.headers[.init("X-Request-Id")!].flatMap(Self.acceptableRequestID) ?? Self.makeRequestID()
        var response: Response
        var refusalCode: String?
        do {
            response = try await next(request, context)
        } catch {
            let refusal = Self.refusal(for: error)
            refusalCode = refusal.code.rawValue
            if refusal.status == .internalServerError {
                logger.error("internal error", metadata: ["request_id": "\(requestID)", "error_type": "\(type(of: error))"])
            }
            response = (try? HTTPBodies.json(WireError(code: refusal.code.rawValue, message: refusal.message), status: refusal.status, request: request))
                ?? Response(status: .internalServerError)
            if refusal.code == .busy { response.headers[.retryAfter] = "1" }
            if refusal.code == .methodNotAllowed { response.headers[.allow] = "POST" }
        }
        response.headers[.init("X-Request-Id")!] = requestID
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        metrics.recordRequest(path: request.uri.path, status: Int(response.status.code), seconds: milliseconds / 1000, refusal: refusalCode)
        logger.info("request", metadata: [
            "request_id": "\(requestID)", "method": "\(request.method.rawValue)", "route": "\(Self.loggedRoute(request.uri.path))",
            "status": "\(response.status.code)", "ms": "\(Int(milliseconds))", "code": "\(refusalCode ?? "-")",
        ])
        return response
    }

    static func refusal(for error: any Error) -> SyncRefusal {
        switch error {
        case let refusal as SyncRefusal:
            return refusal
        case is NIOTooManyBytesError:
            return SyncRefusal(.bodyTooLarge, "the request body is too large")
        case let error where StoreError.isBusy(error):
            return SyncRefusal(.busy, "the node's database is busy; retry shortly")
        case let error as HTTPError:
            switch error.status {
            case .notFound: return SyncRefusal(.notFound, "no such endpoint; see protocol/SPEC.md")
            case .methodNotAllowed: return SyncRefusal(.methodNotAllowed, "this endpoint does not take that method")
            case .contentTooLarge: return SyncRefusal(.bodyTooLarge, "the request body is too large")
            default: return SyncRefusal(status: error.status, code: .badRequest, "the request could not be read")
            }
        default:
            return SyncRefusal(.internalError, "the node could not complete the request")
        }
    }

    /// A client's request id, kept only when it is a short token (it lands in logs, which hold no personal data).
    static func acceptableRequestID(_ text: String) -> String? {
        let allowed = text.utf8.count <= 64 && !text.isEmpty
            && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 }
        return allowed ? text : nil
    }

    /// The path as logged: known routes as they are, a dashboard department page without its code, anything else as
    /// `other` — a path is client-chosen text and could carry a student number.
    static func loggedRoute(_ path: String) -> String {
        let known = ["/", "/login", "/logout", "/destinations", "/flows", "/grassroots", "/assistance", "/conflicts", "/sync"]
        if known.contains(path) { return path }
        if path.hasPrefix("/departments/") { return "/departments/{code}" }
        return ServerMetrics.route(path)
    }

    static func makeRequestID() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }
}
