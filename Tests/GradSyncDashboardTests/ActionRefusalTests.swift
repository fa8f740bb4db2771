import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
@testable import GradSyncServer
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every act refused without a central-office session, with a department token, without this session's form token,
/// from another site, or with values that break a rule: refused with a clear answer, and nothing written.
struct ActionRefusalTests {
    /// One act of the dashboard, posted with values it accepts.
    struct Act: CustomStringConvertible {
        let uri: String
        let fields: [(String, String)]
        var description: String { uri }
    }

    /// A central node with conflicts, a clock suspect and a department token, and one valid post of every act.
    static func setUp() async throws -> (DashboardHarness, [Act]) {
        let harness = try DashboardHarness()
        let department = try harness.replicas.department("auto", "AUTO")
        try await DashboardDataset.addConflictsAndSyncHealth(central: harness.central, department: department)
        let fast = ManualClock(start: harness.replicas.clock.now() + 2 * 3_600_000)
        let fastReplica = try harness.replicas.department("fast", "CS", clock: fast)
        try fastReplica.write(.graduate("Z01", in: "CS"), fields: ["name": .string("快钟")], mode: .upsert, author: "secretary")
        _ = try ReplicaExchange.send(from: fastReplica, to: harness.central)
        let suspect = try #require(try harness.central.clockSuspects().first)
        let departmentTokenID = try #require(try harness.central.tokens.all().first { $0.label == "auto" }?.id)
        let acts = [
            Act(uri: "/conflicts", fields: [("department", "AUTO"), ("student", "A06"), ("field", "name"), ("value", "钱陆一"), ("enter", "1")]),
            Act(uri: "/graduates/AUTO/A02", fields: [("employer_uscc", "91350100M000100Y43")]),
            Act(uri: "/directory", fields: [("code", "MATH"), ("name", "数学与统计学院")]),
            Act(uri: "/tokens", fields: [("department", "CS"), ("label", "计算机学院")]),
            Act(uri: "/tokens/revoke", fields: [("id", departmentTokenID)]),
            Act(uri: "/sync", fields: [("origin", suspect.origin.hex)]),
        ]
        return (harness, acts)
    }

    @Test func pagesLetTheBrowserNameTheirOriginInFormPosts() async throws {
        // Under `no-referrer` a browser posts `Origin: null`, which the same-origin check refuses: no form would work.
        let harness = try DashboardHarness()
        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            for uri in ["/login", "/conflicts", "/graduates/AUTO/A02", "/directory", "/tokens", "/sync"] {
                let response = try await client.get(uri, cookie: cookie)
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(uri)")
            }
        }
    }

    @Test func actsWithoutASessionAreRefusedAndWriteNothing() async throws {
        let (harness, acts) = try await Self.setUp()
        let before = try StoreSnapshot(harness.central)
        let forged = "gradsync_session=" + String(repeating: "0", count: 64)
        try await harness.test { client in
            for act in acts {
                for cookie in [nil, forged] {
                    let response = try await client.postForm(act.uri, [("form_token", String(repeating: "a", count: 64))] + act.fields, cookie: cookie)
                    #expect(response.status == .unauthorized, "\(act)")
                    #expect(response.text.contains("请先登录"), "\(act)")
                }
            }
        }
        #expect(try StoreSnapshot(harness.central) == before)
    }

    @Test func aDepartmentTokenCannotSignInNorActThroughAStoredSession() async throws {
        let (harness, acts) = try await Self.setUp()
        let departmentTokenID = try #require(try harness.central.tokens.all().first { $0.label == "auto" }?.id)
        // A session row for a department token (as an older node or a hand-edited replica might hold) opens nothing.
        let id = try await harness.central.sessions.open(tokenID: departmentTokenID, now: harness.replicas.clock.now(), idleMilliseconds: 60_000)
        let browser = SignedInBrowser(cookie: "gradsync_session=" + id, formToken: SessionRegistry.formToken(forSession: id))
        let before = try StoreSnapshot(harness.central)
        try await harness.test { client in
            let signIn = try await client.signIn(token: harness.departmentToken)
            #expect(signIn.status == .forbidden)
            #expect(signIn.headers[.setCookie] == nil)
            for act in acts {
                let response = try await client.act(act.uri, act.fields, as: browser)
                #expect(response.status == .unauthorized, "\(act)")
                var bearer = HTTPFields()
                bearer[.authorization] = "Bearer " + harness.departmentToken
                bearer[.contentType] = "application/x-www-form-urlencoded"
                let withBearer = try await client.execute(uri: act.uri, method: .post, headers: bearer, body: .init(string: "id=x"))
                #expect(withBearer.status == .unauthorized, "\(act)")
            }
        }
        #expect(try StoreSnapshot(harness.central) == before)
        #expect(try harness.central.sessions.count() == 0, "the department token's session is ended when it is presented")
    }

    @Test func actsWithoutThisSessionsFormTokenAreRefusedAndWriteNothing() async throws {
        let (harness, acts) = try await Self.setUp()
        try await harness.test { client in
            let old = try await client.signedInBrowser(token: harness.centralToken)
            let logout = try await client.postForm("/logout", [("form_token", old.formToken)], cookie: old.cookie)
            #expect(logout.status == .seeOther)
            let browser = try await client.signedInBrowser(token: harness.centralToken)
            #expect(browser.formToken != old.formToken)
            let before = try StoreSnapshot(harness.central)
            for act in acts {
                let missing = try await client.postForm(act.uri, act.fields, cookie: browser.cookie)
                #expect(missing.status == .forbidden, "\(act)")
                #expect(missing.text.contains("表单已失效"), "\(act)")
                let stale = try await client.act(act.uri, act.fields, as: SignedInBrowser(cookie: browser.cookie, formToken: old.formToken))
                #expect(stale.status == .forbidden, "\(act): a form token from a session since ended")
                let forged = try await client.act(act.uri, act.fields, as: SignedInBrowser(cookie: browser.cookie, formToken: String(repeating: "0", count: 64)))
                #expect(forged.status == .forbidden, "\(act)")
                let elsewhere = try await client.postForm(act.uri, [("form_token", browser.formToken)] + act.fields, cookie: browser.cookie,
                                                          origin: "https://evil.example")
                #expect(elsewhere.status == .forbidden, "\(act): posted from another site")
            }
            let logoutWithoutToken = try await client.postForm("/logout", [], cookie: browser.cookie)
            #expect(logoutWithoutToken.status == .forbidden)
            #expect(try await client.get("/", cookie: browser.cookie).status == .ok, "still signed in")
            #expect(try StoreSnapshot(harness.central) == before)
            // The same posts with the session's form token do write: the refusals above are the token's doing.
            for act in acts {
                let done = try await client.act(act.uri, act.fields, as: browser)
                #expect(done.status == .seeOther || done.status == .ok, "\(act): \(done.text.prefix(300))")
            }
            #expect(try StoreSnapshot(harness.central) != before)
        }
    }

    @Test func aCorrectionWithBadValuesShowsEveryProblemTheRecordsLayerFindsAndWritesNothing() async throws {
        let (harness, _) = try await Self.setUp()
        let replica = PlacementReplica(store: harness.central)
        let phone = try #require(GraduateSchema.field(named: "phone")), gender = try #require(GraduateSchema.field(named: "gender"))
        var expected: [String] = []
        for (text, field) in [("12", phone), ("9", gender)] {
            #expect(throws: ValidationError.self) { try FieldInput(.command).value(text, for: field) }
            do { _ = try FieldInput(.command).value(text, for: field) } catch { expected.append(error.description) }
        }
        var wholeRecord: [ValidationError] = []
        do {
            try replica.setGraduate("A02", department: "AUTO", values: ["name": .null, "degree_level": .null], author: "probe")
            Issue.record("the records layer accepted a graduate without a name")
        } catch RecordsError.invalid(_, let problems) {
            wholeRecord = problems
        }
        #expect(wholeRecord.count >= 2)
        let typedProblems = expected, recordProblems = wholeRecord
        let before = try StoreSnapshot(harness.central)
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: harness.centralToken)
            let typed = try await client.act("/graduates/AUTO/A02", [("phone", "12"), ("gender", "9"), ("employer_name", "新公司")], as: browser)
            #expect(typed.status == .unprocessableContent)
            for problem in typedProblems { #expect(typed.text.contains(HTML.escape(problem)), "\(problem)") }
            #expect(typed.text.contains("value=\"12\""), "the text posted is shown again to correct")
            let record = try await client.act("/graduates/AUTO/A02", [("name", ""), ("degree_level", "")], as: browser)
            #expect(record.status == .unprocessableContent)
            for problem in recordProblems { #expect(record.text.contains(HTML.escape(problem.description)), "\(problem)") }
        }
        #expect(try StoreSnapshot(harness.central) == before)
    }

    @Test func otherActsWithBadValuesAreRefusedAndWriteNothing() async throws {
        let (harness, _) = try await Self.setUp()
        let replica = PlacementReplica(store: harness.central)
        var required: [ValidationError] = []
        do {
            try replica.resolveConflict("A06", department: "AUTO", field: "name", value: .null, author: "probe")
            Issue.record("the records layer cleared a required name")
        } catch RecordsError.invalid(_, let problems) {
            required = problems
        }
        let requiredProblems = required
        let before = try StoreSnapshot(harness.central)
        let refusals: [(String, [(String, String)], HTTPResponse.Status)] = [
            ("/conflicts", [("department", "AUTO"), ("student", "A06"), ("field", "name"), ("value", ""), ("enter", "1")], .unprocessableContent),
            ("/conflicts", [("department", "AUTO"), ("student", "A06"), ("field", "name"), ("keep", "no-such-head")], .conflict),
            ("/conflicts", [("department", "AUTO"), ("student", "A02"), ("field", "employer_name"), ("value", "x"), ("enter", "1")], .conflict),
            ("/conflicts", [("department", "AUTO"), ("student", "A06"), ("field", "no_such_field"), ("value", "x")], .unprocessableContent),
            ("/directory", [("code", "bad code!"), ("name", "某学院")], .unprocessableContent),
            ("/directory", [("code", "MATH"), ("name", " ")], .unprocessableContent),
            ("/tokens", [("department", "no such!"), ("label", "某人")], .unprocessableContent),
            ("/tokens", [("department", "CS"), ("label", "")], .unprocessableContent),
            ("/tokens/revoke", [("id", "0000000000000000")], .unprocessableContent),
            ("/sync", [("origin", "not-a-replica")], .unprocessableContent),
            ("/sync", [("origin", harness.central.replicaID.hex)], .conflict),
        ]
        try await harness.test { client in
            let browser = try await client.signedInBrowser(token: harness.centralToken)
            for (uri, fields, status) in refusals {
                let response = try await client.act(uri, fields, as: browser)
                #expect(response.status == status, "\(uri) \(fields)")
                #expect(response.text.contains("class=\"notice refused\""), "\(uri) \(fields)")
            }
            // Each refusal says in Chinese what was wrong.
            let said = [(1, "所选的值已不在毕业生 A06 的“姓名”冲突中"), (3, "毕业生没有名为“no_such_field”的字段"),
                        (7, "请为令牌填写 1 至 100 个字符的标签"), (9, "“not-a-replica”不是副本编号"),
                        (10, "副本 \(harness.central.replicaID.hex) 不在时钟可疑名单中")]
            for (index, text) in said {
                let response = try await client.act(refusals[index].0, refusals[index].1, as: browser)
                #expect(response.text.contains(HTML.escape(text)), "\(refusals[index].0): \(text)")
            }
            let cleared = try await client.act("/conflicts", refusals[0].1, as: browser)
            for problem in requiredProblems { #expect(cleared.text.contains(HTML.escape(problem.description)), "\(problem)") }
        }
        #expect(try StoreSnapshot(harness.central) == before)
    }
}
