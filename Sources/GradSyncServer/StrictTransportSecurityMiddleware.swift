import HTTPTypes
import Hummingbird

/// Adds `Strict-Transport-Security` to every response of a node served over HTTPS, refusals included, so a browser
/// that once reached the dashboard over HTTPS never falls back to plain HTTP (where the session cookie and the
/// sign-in token could be read on the way).
struct StrictTransportSecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    /// One year, the value browsers' preload lists ask for; subdomains are not the node's to speak for.
    static var value: String { "max-age=31536000" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("Strict-Transport-Security")!] = Self.value
        return response
    }
}
