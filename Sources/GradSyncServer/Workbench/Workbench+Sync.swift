import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import Hummingbird

extension Workbench {
    /// `/sync`: the state of "sync now", and the button.
    func addSyncRoutes(to router: Router<BasicRequestContext>) {
        router.get("/sync") { [self] request, _ in
            let remote = try? configuration.syncTarget().url.absoluteString
            return WorkbenchResponse.html(SyncPage(state: syncRunner.current, remote: remote, csrf: csrf(request),
                                                   author: configuration.author).render())
        }
        router.post("/sync") { [self] request, _ in
            try await refusing {
                _ = try await form(request)
                let runner = syncRunner
                try await Self.offloaded { try runner.start() }
                return WorkbenchResponse.redirect(to: "/sync")
            }
        }
    }

    /// `/conflicts`: the journal, and its two resolutions (keep or type a value; restore or keep deleted).
    func addConflictRoutes(to router: Router<BasicRequestContext>) {
        router.get("/conflicts") { [self] request, _ in
            try await conflictsPage(csrf: csrf(request), notice: request.uri.queryParameters.get("resolved").map { _ in "已写入，冲突已关闭。" })
        }
        router.post("/conflicts/resolve") { [self] request, _ in
            try await refusing {
                let form = try await form(request)
                let number = form["student_no"] ?? "", department = form["department"], name = form["field"] ?? ""
                guard let field = GraduateSchema.field(named: name) else {
                    return try await conflictsPage(csrf: csrfToken(form), refusal: ["未知字段 \(name)"])
                }
                let replica = self.replica, author = configuration.author
                let outcome: WriteOutcome = try await Self.offloaded {
                    Self.attempt {
                        let value = try FieldInput(.command).value(form["value"] ?? "", for: field) ?? .null
                        try replica.resolveConflict(number, department: department, field: name, value: value, author: author)
                    }
                }
                if case .refused(let problems, let general) = outcome {
                    return try await conflictsPage(csrf: csrfToken(form), refusal: problems.map(\.description) + general)
                }
                return WorkbenchResponse.redirect(to: "/conflicts?resolved=1")
            }
        }
        router.post("/conflicts/deletion") { [self] request, _ in
            try await refusing {
                let form = try await form(request)
                let number = form["student_no"] ?? "", department = form["department"]
                let resolution: PlacementReplica.DeletionResolution = form["resolution"] == "restore" ? .restore : .keepDeleted
                let replica = self.replica, author = configuration.author
                let outcome: WriteOutcome = try await Self.offloaded {
                    Self.attempt { try replica.resolveDeletion(number, department: department, resolution, author: author) }
                }
                if case .refused(let problems, let general) = outcome {
                    return try await conflictsPage(csrf: csrfToken(form), refusal: problems.map(\.description) + general)
                }
                return WorkbenchResponse.redirect(to: "/conflicts?resolved=1")
            }
        }
    }

    private func conflictsPage(csrf: String, refusal: [String] = [], notice: String? = nil) async throws -> Response {
        let replica = self.replica
        let entries = try await Self.offloaded { try replica.conflicts() }
        let page = ConflictResolutionPage(entries: entries, csrf: csrf, author: configuration.author, refusal: refusal, notice: notice)
        return WorkbenchResponse.html(page.render(), status: refusal.isEmpty ? .ok : .unprocessableContent)
    }
}
