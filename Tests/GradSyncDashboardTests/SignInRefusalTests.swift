import Foundation
import GradSyncServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Sign-in forms that are too large or posted from another site are refused, and open no session.
struct SignInRefusalTests {
    /// The in-process test client names the node `localhost` (its request authority, as `Host` is on a live port).
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    func post(_ client: some TestClientProtocol, _ path: String = "/login", body: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = Self.form
        headers.append(contentsOf: extra)
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test(arguments: [4097, 64 * 1024, 1 << 20])
    func oversizedSignInFormIsRefusedWith413(bytes: Int) async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let body = "token=" + harness.centralToken + "&pad=" + String(repeating: "a", count: bytes)
            let response = try await post(client, body: body)
            #expect(response.status == .contentTooLarge)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(response.text.contains(#""code":"body_too_large""#), "\(response.text.prefix(200))")
            #expect(response.headers[.setCookie] == nil)
        }
    }

    @Test(arguments: [
        ("Origin", "https://evil.example"), ("Origin", "null"), ("Origin", "https://localhost.evil.example"),
        ("Origin", "https://localhost:9443"), ("Origin", "ftp://localhost"), ("Referer", "https://evil.example/login"),
    ])
    func signInPostedFromAnotherSiteIsRefused(header: String, value: String) async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let response = try await post(client, body: "token=" + harness.centralToken, headers: [HTTPField.Name(header)!: value])
            #expect(response.status == .forbidden)
            #expect(response.headers[.setCookie] == nil)
            #expect(!response.text.contains(harness.centralToken))
        }
    }

    @Test(arguments: [
        [:], [HTTPField.Name.origin: "https://localhost"], [.origin: "http://LOCALHOST:80"], [.referer: "https://localhost/login"],
    ] as [HTTPFields])
    func signInFromTheNodesOwnPageOrWithoutAnOriginOpensASession(headers: HTTPFields) async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let response = try await post(client, body: "token=" + harness.centralToken, headers: headers)
            #expect(response.status == .seeOther)
            #expect(response.headers[.setCookie]?.hasPrefix("gradsync_session=") == true)
        }
    }

    @Test func overALivePortOnlyTheNodesOwnOriginSignsIn() async throws {
        let harness = try DashboardHarness()
        let app = Application(router: harness.server.makeRouter())
        try await app.test(.live) { client in
            // The live test client sends `Host: localhost`, which the node reads as the request's authority.
            let own = try await post(client, body: "token=" + harness.centralToken, headers: [.origin: "http://localhost"])
            #expect(own.status == .seeOther, "the Host a live client sends is the node's origin")
            let other = try await post(client, body: "token=" + harness.centralToken, headers: [.origin: "http://127.0.0.1"])
            #expect(other.status == .forbidden)
        }
    }

    @Test func signOutPostedFromAnotherSiteKeepsTheSession() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let refused = try await post(client, "/logout", body: "", headers: [.cookie: cookie, .origin: "https://evil.example"])
            #expect(refused.status == .forbidden)
            #expect(try await client.get("/", cookie: cookie).status == .ok)
        }
    }
}
