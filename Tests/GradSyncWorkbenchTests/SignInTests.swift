import Foundation
import GradSyncCore
import GradSyncServer
import HTTPTypes
import HummingbirdTesting
import Testing

/// The way in: the one-time token, the session cookie, the Host check and the CSRF token.
@Suite struct WorkbenchSignInTests {
    @Test func theOneTimeTokenBecomesAStrictHttpOnlyCookieAndWorksOnce() async throws {
        let harness = try WorkbenchHarness()
        let token = try #require(harness.workbench.signInToken)
        #expect(harness.workbench.signInURL == "http://localhost/?token=\(token)")
        try await harness.test { client in
            let first = try await client.execute(uri: "/graduates?token=\(token)", method: .get)
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/graduates", "the token leaves the address bar")
            let setCookie = try #require(first.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
            let cookie = String(setCookie.split(separator: ";")[0])
            let page = try await client.execute(uri: "/graduates", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains(WorkbenchHarness.author), "the page header names the author writes carry")

            let again = try await client.execute(uri: "/?token=\(token)", method: .get)
            #expect(again.status == .forbidden, "a used token is refused")
            #expect(again.headers[.setCookie] == nil)
            #expect(harness.workbench.signInToken == nil)
        }
    }

    @Test func signingInNeverRedirectsToAnotherSite() async throws {
        let harness = try WorkbenchHarness()
        let token = try #require(harness.workbench.signInToken)
        try await harness.test { client in
            let response = try await client.execute(uri: "//evil.example/x?token=\(token)", method: .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/", "\(response.headers[.location] ?? "")")
        }
    }

    @Test func aWrongTokenOrNoSessionIsRefused() async throws {
        let harness = try WorkbenchHarness()
        try await harness.test { client in
            let wrong = try await client.execute(uri: "/?token=" + String(repeating: "0", count: 64), method: .get)
            #expect(wrong.status == .forbidden)
            #expect(harness.workbench.signInToken != nil, "a wrong guess does not burn the real token")
            for uri in ["/", "/graduates", "/graduates/new", "/import", "/conflicts", "/ledger", "/sync", "/downloads/export.csv"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .unauthorized, "\(uri)")
            }
            let forged = try await client.execute(uri: "/", method: .get, headers: [.cookie: "gradsync_workbench=" + String(repeating: "a", count: 64)])
            #expect(forged.status == .unauthorized)
            let post = try await client.execute(uri: "/graduates/new", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: .init(string: "student_no=1"))
            #expect(post.status == .unauthorized)
        }
        #expect(try harness.changeCount() == 0)
    }

    @Test func theSessionCookieIsFoundAmongOthersByItsWholeName() async throws {
        let harness = try WorkbenchHarness()
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let id = String(browser.cookie.split(separator: "=", maxSplits: 1)[1])
            for (header, status) in [("theme=dark;  \(browser.cookie); lang=zh", HTTPResponse.Status.ok), ("\t\(browser.cookie)", .ok),
                                     ("theme=深色; \(browser.cookie)", .ok), ("gradsync_workbench_old=\(id)", .unauthorized),
                                     ("x_gradsync_workbench=\(id)", .unauthorized), ("gradsync_workbench=\(id)x", .unauthorized)] {
                let response = try await client.execute(uri: "/graduates/new", method: .get, headers: [.cookie: header])
                #expect(response.status == status, "\(header)")
                if status == .ok { #expect(Browser.csrf(in: response.text) == browser.csrf, "\(header)") }
            }
        }
    }

    @Test func aHostOtherThanTheBoundAddressIsRefusedBeforeSignIn() async throws {
        // The in-process client sends `localhost`; this workbench bound 127.0.0.1:43210, as a rebinding DNS name would not.
        let harness = try WorkbenchHarness(authority: "127.0.0.1:43210")
        let token = try #require(harness.workbench.signInToken)
        try await harness.test { client in
            for uri in ["/?token=\(token)", "/", "/assets/workbench.js"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .misdirectedRequest, "\(uri)")
                #expect(response.headers[.setCookie] == nil)
            }
        }
        #expect(harness.workbench.signInToken == token, "a refused Host never reaches the token")
        #expect(harness.workbench.signInURL == "http://127.0.0.1:43210/?token=\(token)")
    }

    @Test func everyWriteNeedsItsSessionsCSRFToken() async throws {
        let harness = try WorkbenchHarness()
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            #expect(browser.csrf.count == 64)
            let fields = [("student_no", "2025000001"), ("name", "李四"), ("gender", "2"), ("degree_level", "本科"), ("grad_year", "2025")]
            for token in [nil, "", String(repeating: "b", count: 64)] as [String?] {
                let refused = try await browser.post("/graduates/new", fields, csrf: .some(token))
                #expect(refused.status == .forbidden, "\(token ?? "none")")
            }
            for (uri, extra) in [("/sync", []), ("/conflicts/resolve", [("field", "name")]), ("/graduates/2025000001/delete", [("confirmed", "yes")]),
                                 ("/import/confirm", [("pending", "x")])] as [(String, [(String, String)])] {
                let refused = try await browser.post(uri, extra, csrf: .some(nil))
                #expect(refused.status == .forbidden, "\(uri)")
            }
            let upload = try await browser.upload(Data("学号,姓名\n".utf8), csrf: "nope")
            #expect(upload.status == .forbidden)
            #expect(try harness.changeCount() == 0)

            let accepted = try await browser.post("/graduates/new", fields)
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[.location] == "/graduates/2025000001?saved=1")
        }
        let record = try harness.replica.graduate("2025000001")
        #expect(record.fields["name"] == .string("李四"))
        let history = try harness.replica.history(of: record.id)
        #expect(history.allSatisfy { $0.change.author == WorkbenchHarness.author })
    }

    @Test func aFormPostedFromAnotherSiteIsRefused() async throws {
        let harness = try WorkbenchHarness()
        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let response = try await client.execute(uri: "/sync", method: .post, headers: [
                .cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded", .origin: "http://evil.example",
            ], body: .init(string: "csrf=\(browser.csrf)"))
            #expect(response.status == .forbidden)
        }
    }
}
