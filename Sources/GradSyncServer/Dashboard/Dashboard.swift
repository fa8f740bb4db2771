import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import Hummingbird
import Logging

/// The central office's dashboard: sign-in with a central token, a session cookie, the report pages and the forms
/// through which the office acts (resolving conflicts, correcting records, the directory, tokens, clock suspects).
///
/// Served by the central node only; a department node answers `/` with a short notice.
struct Dashboard: Sendable {
    static let cookieName = "gradsync_session"

    let store: ReplicaStore
    /// The placement records the pages read, over the same store.
    let replica: PlacementReplica
    let configuration: DashboardConfiguration
    let sessions: DashboardSessions
    /// Refused sign-ins by address, which slow that address down.
    let throttle: SignInThrottle
    let logger: Logger

    init(store: ReplicaStore, configuration: DashboardConfiguration, logger: Logger) {
        self.store = store
        self.replica = PlacementReplica(store: store)
        self.configuration = configuration
        self.sessions = DashboardSessions(registry: store.sessions, idleMilliseconds: configuration.sessionIdleMilliseconds,
                                          clock: configuration.clock)
        self.throttle = SignInThrottle(freeFailures: configuration.signInFreeFailures, clock: configuration.clock)
        self.logger = logger
    }

    /// Adds the sign-in, sign-out, page and form routes.
    func addRoutes(to router: Router<NodeRequestContext>) {
        guard store.scope == .central else {
            let notice = SignInPage.departmentNotice(scope: store.scope.description)
            router.get("/") { _, _ in DashboardResponse.html(notice) }
            router.get("/login") { _, _ in DashboardResponse.html(notice, status: .forbidden) }
            router.post("/login") { _, _ in DashboardResponse.html(notice, status: .forbidden) }
            return
        }
        router.get("/login") { request, _ in
            if try await signedIn(request) != nil { return DashboardResponse.redirect(to: "/") }
            return DashboardResponse.html(SignInPage.render())
        }
        router.post("/login") { request, context in try await signIn(request, from: context.remoteAddress) }
        router.post("/logout") { request, _ in try await signOut(request) }
        router.get("/") { request, _ in
            try await page(request, file: "overview") { try withSelector(data(request)) { try OverviewView.make($0) } }
        }
        router.get("/departments/{code}") { request, context in
            let code = context.parameters.get("code") ?? ""
            let wantsCSV = request.uri.queryParameters.get("format") == "csv"
            let page = max(1, request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 1)
            return try await self.page(request, file: "department-\(code)") {
                let data = try data(request)
                guard Scope.isValidDepartmentCode(code), try data.knows(department: code) else { return nil }
                return try withSelector(data) { try DepartmentView.make($0, department: code, page: wantsCSV ? nil : page) }
            }
        }
        router.get("/destinations") { request, _ in
            try await page(request, file: "destinations") { try withSelector(data(request)) { try DestinationsView.make($0) } }
        }
        router.get("/flows") { request, _ in
            try await page(request, file: "flows") {
                try withSelector(data(request)) { try FlowsView.make($0, universityProvince: configuration.universityProvince) }
            }
        }
        router.get("/grassroots") { request, _ in
            try await page(request, file: "grassroots") { try withSelector(data(request)) { try GrassrootsView.make($0) } }
        }
        router.get("/assistance") { request, _ in
            try await page(request, file: "assistance") { try withSelector(data(request)) { try AssistanceView.make($0) } }
        }
        router.get("/conflicts") { request, _ in
            let query = request.uri.queryParameters
            let page = query.get("format") == "csv" ? nil : max(1, query.get("page").flatMap { Int($0) } ?? 1)
            return try await self.page(request, file: "conflicts") { try conflictsView(page: page) }
        }
        router.get("/sync") { request, _ in try await page(request, file: "sync") { try syncView() } }
        addActionRoutes(to: router)
    }

    /// A page of the conflict journal (`page` counts from 1; nil for every entry, the CSV download), with a form for
    /// each entry shown.
    func conflictsView(page: Int? = 1, notice: FormNotice? = nil) throws -> DashboardView {
        let journal = try replica.conflictsWithDirectory(limit: page.map { _ in ConflictsView.pageSize },
                                                         offset: ((page ?? 1) - 1) * ConflictsView.pageSize)
        var view = ConflictsView.make(journal.entries, total: journal.total, page: page ?? 1, departments: journal.departments)
        view.notice = notice
        return view
    }

    /// The sync health page, with a form to dismiss each clock suspect.
    func syncView(notice: FormNotice? = nil) throws -> DashboardView {
        var view = SyncHealthView.make(try store.health.clientHealth(), suspects: try store.clockSuspects(),
                                       maxDriftMilliseconds: store.clockRule.maxDriftMilliseconds,
                                       departments: try replica.departmentDirectory(), keys: try store.tokens.replicaKeys())
        view.notice = notice
        return view
    }

    /// What is wrong with the request's cohort, comparison, date or page, in Chinese, naming the value; nil when nothing
    /// is (an empty value, as the selector's form sends for "now" or "no comparison", is no value).
    static func selectorProblem(_ request: Request) -> String? {
        let query = request.uri.queryParameters
        func given(_ name: String) -> String? { query.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        for (name, label) in [("grad_year", "毕业年份"), ("compare_with", "对比年份")] {
            if let value = given(name), Int(value).map({ (2000...2100).contains($0) }) != true {
                return "\(label)：'\(value)' 不是年份，请写 2000 至 2100 之间的四位年份（如 2024）。"
            }
        }
        if let value = given("as_of"), CalendarDate(value) == nil {
            return "截至日期：'\(value)' 不是日期，请写 YYYY-MM-DD（如 2024-08-31）。"
        }
        if let value = given("page"), Int(value).map({ $0 >= 1 }) != true {
            return "页码：'\(value)' 不是页码，请写从 1 起的整数。"
        }
        return nil
    }

    /// What a report page counts from, for the cohort the request names (`?grad_year=2024`, else the latest held), the
    /// one to compare it with (`&compare_with=2023`) and the day it is as of (`&as_of=2024-08-31`, else now); `page`
    /// has refused any value that is not a year or a date.
    func data(_ request: Request) throws -> DashboardData {
        let query = request.uri.queryParameters
        let asOf = query.get("as_of").flatMap { CalendarDate($0) }
        var data = try DashboardData.load(from: replica, cohort: query.get("grad_year").flatMap { Int($0) }, asOf: asOf)
        data.comparison = query.get("compare_with").flatMap { Int($0) }
        if let asked = query.get("grad_year").flatMap({ Int($0) }) { data.query += "&grad_year=\(asked)" }
        if let other = data.comparison { data.query += "&compare_with=\(other)" }
        if let asOf { data.query += "&as_of=\(asOf)" }
        return data
    }

    /// A report page with the cohort selector above its figures.
    func withSelector(_ data: DashboardData, _ build: (DashboardData) throws -> DashboardView) throws -> DashboardView {
        var view = try build(data)
        view.selector = data.selector
        for index in view.sections.indices { view.sections[index].carried = data.query }
        return view
    }

    /// A page or, with `?format=csv&table=NAME`, one of its tables; without a session, the sign-in page (or 401 for CSV).
    func page(_ request: Request, file: String, build: @escaping @Sendable () throws -> DashboardView?) async throws -> Response {
        let query = request.uri.queryParameters
        let wantsCSV = query.get("format") == "csv"
        let sessionID = Self.sessionID(request)
        let problem = Self.selectorProblem(request)
        let tableName = query.get("table")
        // The session is checked on the thread that builds the page: one hop off the pool per request, not two.
        return try await Self.offloaded { [self] in
            guard let session = try signedInBlocking(id: sessionID) else {
                return wantsCSV ? DashboardResponse.plainText("请先登录就业指导中心仪表盘。\n", status: .unauthorized)
                                : DashboardResponse.redirect(to: "/login")
            }
            if let problem {
                return wantsCSV ? DashboardResponse.plainText(problem + "\n", status: .badRequest)
                                : DashboardResponse.html(SignInPage.notFound(problem), status: .badRequest)
            }
            return try Self.respond(build: build, table: tableName, wantsCSV: wantsCSV, file: file, session: session, logger: logger,
                                    replica: replica)
        }
    }

    /// Builds and renders a page off the cooperative pool: every store read in `build` blocks.
    static func respond(build: () throws -> DashboardView?, table tableName: String?, wantsCSV: Bool, file: String,
                        session: DashboardSessions.Session, logger: Logger, replica: PlacementReplica) throws -> Response {
        guard let view = try build() else {
            return DashboardResponse.html(SignInPage.notFound("没有这个学院。"), status: .notFound)
        }
        guard wantsCSV else { return DashboardResponse.html(view.render(formToken: session.formToken)) }
        guard let section = view.section(named: tableName), let table = section.table else {
            return DashboardResponse.plainText("这个页面没有这张表。\n", status: .notFound)
        }
        if table.columns.contains(where: { $0.key == "name" || $0.key == "phone" }) {
            // Personal data leaving the node is logged with who took it (the names themselves never are), and audited
            // as `export --include-sensitive` audits it: a record that syncs.
            logger.notice("personal data exported", metadata: ["token_id": "\(session.tokenID)", "file": "\(file)-\(section.name)"])
            try replica.recordSensitiveExport(author: "dashboard, token \(session.tokenID)", exported: "*", count: table.rows.count)
        }
        return DashboardResponse.csv(table, fileName: "\(file)-\(section.name).csv")
    }

    /// Runs a page builder on a dispatch thread, so the request's task never blocks Swift's cooperative pool (whose
    /// few threads GRDB's blocking calls could all hold while the work they wait for needs one).
    ///
    /// One of two places in Sources/ that run blocking store calls from async code, both off the cooperative pool: a
    /// page is built from the records layer (`PlacementReplica`, `DashboardData.load`), whose reads are synchronous and
    /// several per page, and from the session, sync health and clock suspects read beside them; an act of the office
    /// (`act`) writes through the same synchronous layer. The other is a pull page's read on the node's bulk-work
    /// threads (`BulkWorkers`). Everything else the node and the client do reaches the database through the store's
    /// async forms.
    static func offloaded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The live session the request's cookie names, when its token is still a valid central-office token.
    func signedIn(_ request: Request) async throws -> DashboardSessions.Session? {
        // The session and its token are read together: one trip to a reader connection per page, not two.
        guard let id = Self.sessionID(request), let (session, token) = try await sessions.useWithToken(id) else { return nil }
        guard let accepted = Self.accepted(id: id, token: token) else {
            try await sessions.close(tokenID: session.tokenID)
            return nil
        }
        return accepted
    }

    /// `signedIn`, blocking, for a page built off Swift's cooperative pool (`page`): the session is checked on the
    /// thread that then reads the page, so the request does not hop back to the pool in between.
    func signedInBlocking(id: String?) throws -> DashboardSessions.Session? {
        guard let id, let (session, token) = try sessions.useWithTokenBlocking(id) else { return nil }
        guard let accepted = Self.accepted(id: id, token: token) else {
            try sessions.closeBlocking(tokenID: session.tokenID)
            return nil
        }
        return accepted
    }

    /// The session id the request's cookie carries, when it has the form of one (64 hex digits' length).
    static func sessionID(_ request: Request) -> String? {
        guard let id = request.cookies[cookieName]?.value, id.utf8.count == 64 else { return nil }
        return id
    }

    /// The session for a stored session's token: nil unless the token is still stored, not revoked and central.
    static func accepted(id: String, token: TokenInfo?) -> DashboardSessions.Session? {
        guard let token, token.revokedAtMilliseconds == nil, token.scope == .central else { return nil }
        return DashboardSessions.Session(id: id, tokenID: token.id, author: author(of: token))
    }

    /// Who a session's writes are by: its token's label, as the office named it when issuing it, else the token's id.
    static func author(of token: TokenInfo) -> String {
        let label = token.label?.trimmingCharacters(in: .whitespaces) ?? ""
        return label.isEmpty ? "central token \(token.id)" : label
    }
}
