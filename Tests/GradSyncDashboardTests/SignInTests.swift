import Foundation
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Sign-in with a central token only, the session cookie's flags, sign-out and expiry.
struct SignInTests {
    static let pages = ["/", "/departments/AUTO", "/destinations", "/flows", "/grassroots", "/assistance", "/conflicts", "/sync",
                        "/graduates", "/graduates/AUTO/A02", "/directory", "/tokens"]

    @Test func centralTokenOpensASessionWithAnHttpOnlySameSiteCookie() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let response = try await client.signIn(token: harness.centralToken)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let cookie = try #require(response.headers[.setCookie])
            let parts = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let value = try #require(parts.first?.split(separator: "=", maxSplits: 1).last)
            #expect(parts.first?.hasPrefix("gradsync_session=") == true)
            #expect(value.count == 64 && value.allSatisfy(\.isHexDigit))
            #expect(parts.contains("HttpOnly"))
            #expect(parts.contains("SameSite=Strict"))
            #expect(parts.contains("Path=/"))
            #expect(!parts.contains("Secure"), "plain HTTP in tests: Secure only over TLS")
            let page = try await client.get("/", cookie: String(parts[0]))
            #expect(page.status == .ok)
        }
    }

    @Test func wrongTokenIsRefusedWithoutEchoingIt() async throws {
        let harness = try DashboardHarness()
        let wrong = "gs1.0123456789abcdef." + String(repeating: "ab", count: 32)
        try await harness.test { client in
            for token in [wrong, "not-a-token<b>"] {
                let response = try await client.signIn(token: token)
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
                #expect(response.text.contains("令牌无效或已被吊销"))
                #expect(!response.text.contains(token) && !response.text.contains("not-a-token"))
            }
        }
    }

    @Test func departmentTokenIsRefused() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let response = try await client.signIn(token: harness.departmentToken)
            #expect(response.status == .forbidden)
            #expect(response.headers[.setCookie] == nil)
            #expect(response.text.contains("仪表盘只接受校级"))
            #expect(!response.text.contains(harness.departmentToken))
        }
    }

    @Test func revokedCentralTokenIsRefusedAndEndsItsSessions() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            #expect(try await client.get("/", cookie: cookie).status == .ok)
            let id = try #require(harness.central.tokens.all().first { $0.scope == .central }?.id)
            try harness.central.tokens.revoke(id: id)
            #expect(try harness.central.sessions.count() == 1)
            #expect(try await client.get("/", cookie: cookie).status == .seeOther)
            #expect(try harness.central.sessions.count() == 0, "a page asked with a revoked token's session ends the session")
            #expect(try await client.signIn(token: harness.centralToken).status == .unauthorized)
        }
    }

    @Test func pagesAndDownloadsRefuseRequestsWithoutASession() async throws {
        let harness = try DashboardHarness()
        let forged = "gradsync_session=" + String(repeating: "0", count: 64)
        try await harness.test { client in
            for page in Self.pages {
                for cookie in [nil, forged] {
                    let response = try await client.get(page, cookie: cookie)
                    #expect(response.status == .seeOther, "\(page)")
                    #expect(response.headers[.location] == "/login", "\(page)")
                    #expect(!response.text.contains("AUTO"), "\(page)")
                    let download = try await client.get(page + "?format=csv", cookie: cookie)
                    #expect(download.status == .unauthorized, "\(page)")
                    #expect(download.headers[.contentType]?.hasPrefix("text/csv") != true, "\(page)")
                }
            }
            let signIn = try await client.get("/login", cookie: nil)
            #expect(signIn.status == .ok)
            #expect(signIn.text.contains("<form method=\"post\" action=\"/login\">"))
        }
    }

    @Test func signOutEndsTheSession() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: harness.centralToken)
            let cookie = browser.cookie
            let response = try await client.postForm("/logout", [("form_token", browser.formToken)], cookie: cookie)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login")
            #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.get("/", cookie: cookie).status == .seeOther)
            #expect(try await client.get("/?format=csv", cookie: cookie).status == .unauthorized)
        }
    }

    @Test func sessionExpiresAfterItsIdleTimeAndUseKeepsItAlive() async throws {
        let harness = try DashboardHarness()
        let clock = harness.replicas.clock
        let twoThirds = Int64(DashboardHarness.idleMilliseconds * 2 / 3)
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            clock.advance(by: twoThirds)
            #expect(try await client.get("/", cookie: cookie).status == .ok)
            clock.advance(by: twoThirds)
            #expect(try await client.get("/", cookie: cookie).status == .ok, "each use restarts the idle time")
            clock.advance(by: Int64(DashboardHarness.idleMilliseconds) + 1)
            #expect(try await client.get("/", cookie: cookie).status == .seeOther)
            clock.advance(by: -Int64(DashboardHarness.idleMilliseconds))
            #expect(try await client.get("/", cookie: cookie).status == .seeOther, "an expired session is gone for good")
        }
    }

    @Test func cookieIsSecureWhenTheNodeServesHTTPS() async throws {
        let harness = try DashboardHarness()
        var server = harness.server
        server.dashboard.secureCookie = true
        let app = Application(router: server.makeRouter())
        try await app.test(.router) { client in
            let response = try await client.signIn(token: harness.centralToken)
            #expect(response.headers[.setCookie]?.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.contains("Secure") == true)
        }
    }

    @Test func departmentNodeShowsANoticeAndRefusesSignIn() async throws {
        let replicas = try TestReplicas()
        let store = try replicas.department("auto", "AUTO")
        let token = try store.tokens.issue(scope: .department(try .department("AUTO"))).token
        let app = Application(router: SyncServer(store: store, logger: Logger(label: "test")).makeRouter())
        try await app.test(.router) { client in
            let notice = try await client.get("/", cookie: nil)
            #expect(notice.status == .ok)
            #expect(notice.text.contains("学院 AUTO"))
            let response = try await client.signIn(token: token)
            #expect(response.status == .forbidden)
            #expect(response.headers[.setCookie] == nil)
            #expect(try await client.get("/sync", cookie: nil).status == .notFound)
        }
    }
}
