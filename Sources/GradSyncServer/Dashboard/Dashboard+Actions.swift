import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import HTTPTypes
import Hummingbird
import NIOCore

extension Dashboard {
    /// Adds the routes of the office's acts: every one a form post that is checked, written through the records
    /// layer (or the token registry) with the signed-in token's label as its author, and answered POST → 303 → GET.
    func addActionRoutes(to router: Router<NodeRequestContext>) {
        router.post("/conflicts") { request, _ in
            try await act(request) { session, form in
                do {
                    try resolveConflict(form, author: session.author)
                    return DashboardResponse.redirect(to: "/conflicts")
                } catch {
                    return try refused(error, session: session) { try conflictsView(notice: $0) }
                }
            }
        }
        addGraduateRoutes(to: router)
        addDirectoryRoutes(to: router)
        addTokenRoutes(to: router)
        router.post("/sync") { request, _ in
            try await act(request) { session, form in
                do {
                    try dismissClockSuspect(form)
                    return DashboardResponse.redirect(to: "/sync")
                } catch {
                    return try refused(error, session: session) { try syncView(notice: $0) }
                }
            }
        }
    }

    /// Runs a form post's act off the cooperative pool once the post is shown to be the office's own: from this
    /// node's pages, by a signed-in central-office session, carrying that session's form token. Anything else is
    /// refused before the form is looked at, and nothing is written.
    func act(_ request: Request, _ body: @escaping @Sendable (DashboardSessions.Session, DashboardForm) throws -> Response)
        async throws -> Response {
        guard SameOrigin.allows(request) else {
            logger.notice("dashboard form refused", metadata: ["reason": "cross_origin"])
            return DashboardResponse.html(SignInPage.notice("拒绝操作", "请在本站的页面上提交表单。"), status: .forbidden)
        }
        guard let session = try await signedIn(request) else {
            return DashboardResponse.html(SignInPage.render(message: "请先登录就业指导中心仪表盘，再提交表单。"), status: .unauthorized)
        }
        guard let form = try await DashboardForm.read(request) else {
            return DashboardResponse.html(SignInPage.notice("拒绝操作", "请通过页面上的表单提交。"), status: .unsupportedMediaType)
        }
        guard SessionRegistry.formTokenMatches(form[DashboardForm.tokenField] ?? "", session: session.id) else {
            logger.notice("dashboard form refused", metadata: ["reason": "form_token", "token_id": "\(session.tokenID)"])
            return Self.staleForm()
        }
        return try await Self.offloaded { try body(session, form) }
    }

    /// The answer to a form without this session's form token (missing, forged, or from a session since ended).
    static func staleForm() -> Response {
        DashboardResponse.html(SignInPage.notice("表单已失效", "这个表单不属于当前的登录会话（可能已退出或重新登录）。没有写入任何内容；请回到页面刷新后重试。"),
                               status: .forbidden)
    }

    /// The page again, with the refusal above it and the status it earns; an error that is no refusal is rethrown.
    func refused(_ error: any Error, session: DashboardSessions.Session, page: (FormNotice) throws -> DashboardView) throws -> Response {
        guard let (notice, status) = Self.refusal(error) else { throw error }
        logger.info("dashboard form refused", metadata: ["reason": "invalid", "token_id": "\(session.tokenID)"])
        return DashboardResponse.html(try page(notice).render(formToken: session.formToken), status: status)
    }

    /// What a refused act tells the office, and its status: 422 for values that break a rule, 409 for an act the
    /// records no longer allow (the conflict was resolved meanwhile, the record was deleted).
    static func refusal(_ error: any Error) -> (FormNotice, HTTPResponse.Status)? {
        switch error {
        case RecordsError.invalid(let subject, let problems):
            return (.refused("\(subject)：未保存，没有写入任何内容。", problems: problems), .unprocessableContent)
        case RecordsError.ambiguous(let message):
            return (FormNotice(isDone: false, message: "未保存：\(message)"), .unprocessableContent)
        case RecordsError.refused(let message):
            return (FormNotice(isDone: false, message: "未保存：\(message)"), .conflict)
        case let error as ValidationError:
            return (.refused("未保存，没有写入任何内容。", problems: [error]), .unprocessableContent)
        case let error as ScopeError:
            return (FormNotice(isDone: false, message: "未保存：\(error.description)"), .unprocessableContent)
        case let error as TokenError:
            return (FormNotice(isDone: false, message: "未完成：\(error.description)"), .unprocessableContent)
        case let error as StoreError:
            return (FormNotice(isDone: false, message: "未保存：\(error.description)"), .conflict)
        default:
            return nil
        }
    }

    /// Resolves one conflict entry as the form says: keep one head's value, enter another, or settle a deletion.
    func resolveConflict(_ form: DashboardForm, author: String) throws {
        let department = form["department"] ?? "", student = form["student"] ?? ""
        if let deletion = form["deletion"] {
            guard let resolution = ["restore": PlacementReplica.DeletionResolution.restore, "keep_deleted": .keepDeleted][deletion] else {
                throw RecordsError.ambiguous(Messages.deletionResolution)
            }
            try replica.resolveDeletion(student, department: department, resolution, author: author)
            return
        }
        let name = form["field"] ?? ""
        guard let field = GraduateSchema.field(named: name) else { throw RecordsError.ambiguous(Messages.noGraduateField(name)) }
        let value: FieldValue
        if let keep = form["keep"] {
            let record = RecordID(scope: try Scope.department(department), collection: GraduateSchema.collection, key: student)
            guard let head = try replica.heads(of: record, field: name).first(where: { $0.id.description == keep }) else {
                throw RecordsError.refused(Messages.noLongerInConflict(field: field.label, studentNumber: student))
            }
            value = head.value
        } else {
            value = try FieldInput(.command).value(form["value"] ?? "", for: field) ?? .null
        }
        try replica.resolveConflict(student, department: department, field: name, value: value, author: author)
    }

    /// Dismisses the clock suspect the form names.
    func dismissClockSuspect(_ form: DashboardForm) throws {
        let hex = form["origin"] ?? ""
        guard let origin = ReplicaID(hex: hex) else { throw RecordsError.ambiguous(Messages.notAReplicaID(hex)) }
        guard try store.dismissClockSuspect(origin) else {
            throw RecordsError.refused(Messages.notAClockSuspect(hex))
        }
    }
}
