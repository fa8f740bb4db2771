import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import Hummingbird

extension Workbench {
    /// The record pages and their writes: add, save, delete and restore, each one records-layer call.
    func addGraduateRoutes(to router: Router<BasicRequestContext>) {
        router.get("/graduates/new") { [self] request, _ in
            let page = RecordFormPage(texts: [:], asksDepartment: replica.isCentral, csrf: csrf(request), author: configuration.author)
            return WorkbenchResponse.html(page.render())
        }
        router.post("/graduates/new") { [self] request, _ in
            try await refusing { try await add(try await form(request)) }
        }
        router.get("/graduates/{number}") { [self] request, context in
            let number = context.parameters.get("number") ?? ""
            let notice = request.uri.queryParameters.get("saved").map { _ in "已保存。" }
            return try await recordPage(number, csrf: csrf(request), notice: notice)
        }
        router.post("/graduates/{number}") { [self] request, context in
            let number = context.parameters.get("number") ?? ""
            return try await refusing { try await save(number, try await form(request)) }
        }
        for (verb, label) in [("delete", "删除"), ("restore", "恢复")] {
            router.post("/graduates/{number}/\(verb)") { [self] request, context in
                let number = context.parameters.get("number") ?? ""
                return try await refusing { try await confirmable(verb, label: label, number: number, form: try await form(request)) }
            }
        }
    }

    /// Runs a handler, answering a refused request (no session, bad CSRF token, oversized form) with its refusal.
    func refusing(_ handler: () async throws -> Response) async throws -> Response {
        do { return try await handler() } catch let refusal as WorkbenchRefusal { return refusal.response }
    }

    /// The record page of `number`, or a not-found page.
    func recordPage(_ number: String, csrf: String, notice: String? = nil) async throws -> Response {
        let replica = self.replica
        let loaded: (RecordState, [HistoryEntry])? = try await Self.offloaded {
            do {
                let found = try replica.graduateWithHistory(number)
                return (found.record, found.history)
            } catch is RecordsError { return nil } catch StoreError.recordNotFound { return nil }
        }
        guard let (record, history) = loaded else { return notFound("没有学号为 \(number) 的毕业生。") }
        let page = RecordFormPage(record: record, texts: Self.texts(of: record.fields), history: history, notice: notice,
                                csrf: csrf, author: configuration.author)
        return WorkbenchResponse.html(page.render())
    }

    /// A page for an address that names nothing.
    func notFound(_ message: String) -> Response {
        WorkbenchResponse.html(WorkbenchLayout.plain(title: "未找到", body: "<p>\(message)</p><p><a href=\"/graduates\">返回名单</a></p>"),
                               status: .notFound)
    }

    /// The text each input shows for a record's values.
    static func texts(of fields: [String: FieldValue]) -> [String: String] {
        fields.mapValues(formText)
    }

    /// A value as an input shows it: lists joined by `、`, which the input reads back as separators.
    static func formText(_ value: FieldValue) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .list(let items): return items.map(formText).joined(separator: "、")
        default: return value.displayText
        }
    }

    /// Reads the typed values a form gives (`changed` decides which fields it writes); problems of single values
    /// (a code that is no code, a date that is no date) are collected, by field, in the records layer's words.
    static func values(_ form: WorkbenchForm, changed: (RecordField, String) -> Bool) -> (values: [String: FieldValue], problems: [ValidationError]) {
        let input = FieldInput(.command)
        var values: [String: FieldValue] = [:]
        var problems: [ValidationError] = []
        for field in RecordFormPage.edited {
            guard let text = form[field.name], changed(field, text) else { continue }
            do { values[field.name] = try input.value(text, for: field) ?? .null } catch { problems.append(error) }
        }
        return (values, problems)
    }

    /// `POST /graduates/new`: creates the graduate, or shows the form again with every problem and writes nothing.
    private func add(_ form: WorkbenchForm) async throws -> Response {
        let number = (form["student_no"] ?? "").trimmingCharacters(in: .whitespaces)
        let department = form["department"].flatMap { $0.isEmpty ? nil : $0 }
        let (values, problemsFound) = Self.values(form) { _, text in !text.trimmingCharacters(in: .whitespaces).isEmpty }
        var problems = problemsFound
        if let key = GraduateSchema.field(named: "student_no") {
            do {
                if try FieldInput(.command).value(number, for: key) == nil { problems.insert(key.refusal(.string(""), key.allowedText()), at: 0) }
            } catch { problems.insert(error, at: 0) }
        }
        let written = values.filter { !$0.value.isNull }
        let replica = self.replica, author = configuration.author
        let outcome: WriteOutcome = problems.isEmpty ? try await Self.offloaded {
            Self.attempt { try replica.addGraduate(number, department: department, values: written, author: author) }
        } : .refused(problems: problems, general: [])
        guard case .refused(let refused, let general) = outcome else {
            return WorkbenchResponse.redirect(to: "/graduates/\(RecordFormPage.pathComponent(number))?saved=1")
        }
        var page = RecordFormPage(texts: form.values, asksDepartment: replica.isCentral, csrf: csrfToken(form), author: configuration.author)
        page.place(refused, general: general)
        return WorkbenchResponse.html(page.render(), status: .unprocessableContent)
    }

    /// `POST /graduates/{number}`: writes the fields whose text changed, or shows every problem and writes nothing.
    private func save(_ number: String, _ form: WorkbenchForm) async throws -> Response {
        let replica = self.replica, author = configuration.author
        let current: RecordState
        do { current = try await Self.offloaded { try replica.graduate(number) } } catch is RecordsError {
            return notFound("没有学号为 \(number) 的毕业生。")
        } catch StoreError.recordNotFound { return notFound("没有学号为 \(number) 的毕业生。") }
        let shown = Self.texts(of: current.fields)
        // Only what the secretary changed is written: a field in conflict is never resolved by saving another one.
        let (values, problems) = Self.values(form) { field, text in
            text.trimmingCharacters(in: .whitespaces) != (shown[field.name] ?? "")
        }
        let outcome: WriteOutcome = problems.isEmpty ? try await Self.offloaded {
            Self.attempt { _ = try replica.setGraduate(number, department: current.id.scope.name, values: values, author: author) }
        } : .refused(problems: problems, general: [])
        guard case .refused(let refused, let general) = outcome else {
            return WorkbenchResponse.redirect(to: "/graduates/\(RecordFormPage.pathComponent(number))?saved=1")
        }
        let history = try await Self.offloaded { try replica.history(of: current.id) }
        var page = RecordFormPage(record: current, texts: shown.merging(form.values) { $1 }, history: history,
                                csrf: csrfToken(form), author: configuration.author)
        page.place(refused, general: general)
        return WorkbenchResponse.html(page.render(), status: .unprocessableContent)
    }

    /// Delete or restore: without `confirmed` a page asks first; with it, the records layer writes.
    private func confirmable(_ verb: String, label: String, number: String, form: WorkbenchForm) async throws -> Response {
        let path = "/graduates/\(RecordFormPage.pathComponent(number))"
        guard form["confirmed"] == "yes" else {
            return WorkbenchResponse.html(WorkbenchLayout.page(title: "确认\(label)", current: "/graduates", author: configuration.author, body: """
                <p>确定要\(label)毕业生 \(number) 的记录吗？此操作会同步到中心节点\(verb == "delete" ? "（之后仍可恢复）" : "")。</p>\
                <form method="post" action="\(path)/\(verb)" class="inline">\(WorkbenchLayout.csrfField(csrfToken(form)))\
                <input type="hidden" name="confirmed" value="yes"><button type="submit" class="danger">确认\(label)</button></form> \
                <a href="\(path)">取消</a>
                """))
        }
        let replica = self.replica, author = configuration.author
        let outcome: WriteOutcome = try await Self.offloaded {
            Self.attempt {
                if verb == "delete" { try replica.deleteGraduate(number, author: author) } else { try replica.restoreGraduate(number, author: author) }
            }
        }
        if case .refused(let problems, let general) = outcome {
            let lines = HTML.joined((problems.map(\.description) + general).map { "<li>\($0)</li>" as HTML })
            return WorkbenchResponse.html(WorkbenchLayout.page(title: "未能\(label)", current: "/graduates", author: configuration.author,
                                                               body: "<div class=\"refused\" role=\"alert\"><ul>\(lines)</ul></div><p><a href=\"\(path)\">返回记录</a></p>"),
                                          status: .unprocessableContent)
        }
        return WorkbenchResponse.redirect(to: path + "?saved=1")
    }

    /// The CSRF token of the session that sent a form.
    func csrfToken(_ form: WorkbenchForm) -> String { sessions.csrfToken(session: form.session) ?? "" }

    /// What a write did: written, or refused with the records layer's problems (by field) and other reasons.
    enum WriteOutcome: Sendable {
        case written
        case refused(problems: [ValidationError], general: [String])
    }

    /// Runs a write, turning the records layer's refusals into an outcome the page shows; nothing was written then.
    static func attempt(_ write: () throws -> Void) -> WriteOutcome {
        do {
            try write()
            return .written
        } catch RecordsError.invalid(_, let problems) {
            return .refused(problems: problems, general: [])
        } catch let problem as ValidationError {
            return .refused(problems: [problem], general: [])
        } catch {
            return .refused(problems: [], general: ["\(error)"])
        }
    }
}

extension RecordFormPage {
    /// Puts each problem under its field's input; problems of fields without an input join the general ones.
    mutating func place(_ refused: [ValidationError], general others: [String]) {
        let inputs = Set(Self.edited.map(\.name) + ["student_no"] + (asksDepartment ? ["department"] : []))
        for problem in refused {
            if inputs.contains(problem.field) { problems[problem.field, default: []].append(problem.description) } else { general.append(problem.description) }
        }
        general += others
    }
}
