import GradSyncCore
import GradSyncRecords
import GradSyncStore
import Hummingbird

extension Dashboard {
    /// `/directory`: the department directory and the form that sets an entry (a record that syncs).
    func addDirectoryRoutes(to router: Router<NodeRequestContext>) {
        router.get("/directory") { request, _ in
            try await page(request, file: "directory") { DirectoryPage.make(try replica.departmentDirectory()) }
        }
        router.post("/directory") { request, _ in
            try await act(request) { session, form in
                do {
                    let code = (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
                    _ = try Scope.department(code)
                    try replica.setDepartmentName(code, name: form["name"] ?? "", author: session.author)
                    return DashboardResponse.redirect(to: "/directory")
                } catch {
                    return try refused(error, session: session) { DirectoryPage.make(try replica.departmentDirectory(), notice: $0) }
                }
            }
        }
    }

    /// `/tokens`: the tokens issued, a department token issued (its secret shown once) and a token revoked.
    func addTokenRoutes(to router: Router<NodeRequestContext>) {
        router.get("/tokens") { request, _ in
            try await page(request, file: "tokens") { TokensPage.make(try store.tokens.all(), departments: try replica.departmentDirectory()) }
        }
        router.post("/tokens") { request, _ in
            try await act(request) { session, form in
                do {
                    let scope = try Scope.department((form["department"] ?? "").trimmingCharacters(in: .whitespaces))
                    let label = try TokensPage.checkedLabel(form["label"] ?? "")
                    let (info, token) = try store.tokens.issue(scope: .department(scope), label: label)
                    logger.notice("token issued from the dashboard", metadata: ["token_id": "\(info.id)", "scope": "\(scope)",
                                                                                 "by_token_id": "\(session.tokenID)"])
                    // Answered with the page itself, not a redirect: the secret is never stored, so it can be shown only now.
                    let view = TokensPage.make(try store.tokens.all(), departments: try replica.departmentDirectory(),
                                               issued: TokensPage.Issued(info: info, token: token))
                    return DashboardResponse.html(view.render(formToken: session.formToken))
                } catch {
                    return try refused(error, session: session) {
                        TokensPage.make(try store.tokens.all(), departments: try replica.departmentDirectory(), notice: $0)
                    }
                }
            }
        }
        router.post("/tokens/revoke") { request, _ in
            try await act(request) { session, form in
                do {
                    let id = form["id"] ?? ""
                    try store.tokens.revoke(id: id)
                    logger.notice("token revoked from the dashboard", metadata: ["token_id": "\(id)", "by_token_id": "\(session.tokenID)"])
                    return DashboardResponse.redirect(to: "/tokens")
                } catch {
                    return try refused(error, session: session) {
                        TokensPage.make(try store.tokens.all(), departments: try replica.departmentDirectory(), notice: $0)
                    }
                }
            }
        }
    }
}
