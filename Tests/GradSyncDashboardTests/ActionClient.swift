import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A signed-in browser as the action tests drive it: its cookie and the form token its pages carry.
struct SignedInBrowser {
    let cookie: String
    let formToken: String
}

/// What a refused act must leave as it was: the change log, the tokens, the clock suspects and the sessions.
struct StoreSnapshot: Equatable {
    let changes: Int
    /// Each token's id and revocation (its last use moves with every sign-in, which writes nothing that matters).
    let tokens: [String: UInt64?]
    let suspects: [ClockSuspect]

    init(_ store: ReplicaStore) throws {
        changes = try store.allChanges().count
        tokens = Dictionary(uniqueKeysWithValues: try store.tokens.all().map { ($0.id, $0.revokedAtMilliseconds) })
        suspects = try store.clockSuspects()
    }
}

extension TestClientProtocol {
    /// Signs in with `token` and reads the form token from the page it lands on.
    func signedInBrowser(token: String) async throws -> SignedInBrowser {
        let cookie = try await sessionCookie(token: token)
        let page = try await get("/conflicts", cookie: cookie)
        return SignedInBrowser(cookie: cookie, formToken: try #require(Self.formToken(in: page.text)))
    }

    /// Posts a form (URL-encoded, as a browser does) with a cookie; `origin` as a browser on the node's page sends it.
    func postForm(_ uri: String, _ fields: [(String, String)], cookie: String?, origin: String? = "http://localhost") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        if let origin { headers[.origin] = origin }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        let body = fields.map { name, value in
            (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name) + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }.joined(separator: "&")
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a form as `browser`, its form token included.
    func act(_ uri: String, _ fields: [(String, String)], as browser: SignedInBrowser) async throws -> TestResponse {
        try await postForm(uri, [("form_token", browser.formToken)] + fields, cookie: browser.cookie)
    }

    /// The form token in a page's forms.
    static func formToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="form_token" value="[0-9a-f]{64}""#, options: .regularExpression) else { return nil }
        return String(html[range].dropLast().suffix(64))
    }
}
