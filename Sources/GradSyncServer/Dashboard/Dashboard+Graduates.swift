import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import Hummingbird

extension Dashboard {
    /// `/graduates`: find a record; `/graduates/CODE/NUMBER`: the record as a form, and its correction.
    func addGraduateRoutes(to router: Router<NodeRequestContext>) {
        router.get("/graduates") { request, _ in
            let query = request.uri.queryParameters
            if let code = query.get("department"), let number = query.get("number") {
                let code = code.trimmingCharacters(in: .whitespaces), number = number.trimmingCharacters(in: .whitespaces)
                if !code.isEmpty, !number.isEmpty, try await signedIn(request) != nil {
                    return DashboardResponse.redirect(to: GraduatePage.path(department: code, studentNumber: number))
                }
            }
            return try await page(request, file: "graduates") { GraduatePage.lookup(departments: try replica.departmentDirectory()) }
        }
        router.get("/graduates/{code}/{number}") { request, context in
            let code = context.parameters.get("code") ?? "", number = context.parameters.get("number") ?? ""
            return try await page(request, file: "graduate") {
                guard let record = try liveGraduate(number, department: code) else { return nil }
                return GraduatePage.make(record, departmentName: try replica.departmentDirectory().name(of: code), history: try history(of: record))
            }
        }
        router.post("/graduates/{code}/{number}") { request, context in
            let code = context.parameters.get("code") ?? "", number = context.parameters.get("number") ?? ""
            return try await act(request) { session, form in
                guard let record = try liveGraduate(number, department: code) else {
                    return DashboardResponse.html(SignInPage.notFound("没有这名毕业生的记录。"), status: .notFound)
                }
                let name = try replica.departmentDirectory().name(of: code)
                do {
                    try correct(record, with: form, author: session.author)
                    return DashboardResponse.redirect(to: GraduatePage.path(department: code, studentNumber: number))
                } catch {
                    let problems: [ValidationError]
                    if case RecordsError.invalid(_, let found) = error { problems = found } else { problems = [] }
                    return try refused(error, session: session) { notice in
                        GraduatePage.make(record, departmentName: name, history: try history(of: record), submitted: form.fields,
                                          problems: problems, notice: notice)
                    }
                }
            }
        }
    }

    /// A record's history and what proves each entry.
    func history(of record: RecordState) throws -> GraduatePage.ProvenHistory {
        let entries = try replica.history(of: record.id)
        return GraduatePage.ProvenHistory(entries: entries, proofs: try replica.proofs(of: entries))
    }

    /// The live graduate `number` of department `code`, or nil when this node holds none.
    func liveGraduate(_ number: String, department code: String) throws -> RecordState? {
        guard Scope.isValidDepartmentCode(code) else { return nil }
        do {
            let record = try replica.graduate(number, department: code)
            return record.isDeleted ? nil : record
        } catch is RecordsError {
            return nil
        } catch StoreError.recordNotFound {
            return nil
        }
    }

    /// Writes the fields the form changed, read as a command's values are and checked by the records layer as a
    /// whole; every problem at once, nothing written when there is one.
    func correct(_ record: RecordState, with form: DashboardForm, author: String) throws {
        let input = FieldInput(.command)
        var values: [String: FieldValue] = [:]
        var problems: [ValidationError] = []
        for field in GraduatePage.editableFields {
            // A browser posts a text area's line breaks as CRLF; the record keeps LF.
            guard let posted = form[field.name]?.replacingOccurrences(of: "\r\n", with: "\n") else { continue }
            let shown = record.fields[field.name].map(GraduatePage.editText) ?? ""
            guard posted.trimmingCharacters(in: .whitespaces) != shown.trimmingCharacters(in: .whitespaces) else { continue }
            do {
                values[field.name] = try input.value(posted, for: field) ?? .null
            } catch {
                problems.append(error)
            }
        }
        let subject = "graduate \(record.id.key)"
        guard problems.isEmpty else { throw RecordsError.invalid(subject: subject, problems: problems) }
        guard !values.isEmpty else { return }
        try replica.setGraduate(record.id.key, department: record.id.scope.name, values: values, author: author)
    }
}
