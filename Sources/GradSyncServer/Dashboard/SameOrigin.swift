import Foundation
import Hummingbird

/// The dashboard's check against cross-site form posts (login CSRF): a `POST` whose `Origin` (or, without one,
/// `Referer`) names another site is refused.
///
/// Browsers send `Origin` with every form post, and the session cookie is `SameSite=Strict`, so a signed-in
/// session is never carried across sites; this check stops the other half, another site signing a browser in
/// with a token of its choosing. A request with neither header (a command-line client) is let through. The node's
/// own origin is the request's `Host` (its authority): the one a browser put there, behind a proxy too. The scheme is not compared,
/// so a node served over plain HTTP behind a TLS proxy still accepts its own pages' posts.
enum SameOrigin {
    /// Whether the request's `Origin`, else its `Referer`, is absent or names this node.
    static func allows(_ request: Request) -> Bool {
        let claimed = request.headers[.origin] ?? request.headers[.referer]
        guard let claimed else { return true }
        guard let host = request.head.authority?.lowercased(), let url = URL(string: claimed), let origin = url.host?.lowercased(),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return false }
        let bracketed = origin.contains(":") && !origin.hasPrefix("[") ? "[\(origin)]" : origin
        let defaultPort = scheme == "https" ? 443 : 80
        let port = url.port ?? defaultPort
        let authorities = port == defaultPort ? [bracketed, "\(bracketed):\(port)"] : ["\(bracketed):\(port)"]
        return authorities.contains(host)
    }
}
