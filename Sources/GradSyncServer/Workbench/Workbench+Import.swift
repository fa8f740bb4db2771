import Foundation
import GradSyncPlacement
import GradSyncRecords
import Hummingbird
import MultipartKit
import NIOCore

extension Workbench {
    /// The parts of a multipart/form-data body, read by MultipartKit's parser (the file keeps its headers, whose
    /// Content-Disposition names the file).
    static func parts(of body: ByteBuffer, boundary: String) throws -> [MultipartPart] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var content = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in content.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: content))
            headers = HTTPHeaders()
            content = ByteBuffer()
        }
        try parser.execute(body)
        return parts
    }

    /// `/import`: upload and dry run, then confirm; both through `PlacementReplica.importRoster`.
    func addImportRoutes(to router: Router<BasicRequestContext>) {
        router.get("/import") { [self] request, _ in
            WorkbenchResponse.html(ImportPage(stage: .upload, csrf: csrf(request), author: configuration.author,
                                              uploadLimit: configuration.uploadLimit).render())
        }
        router.post("/import") { [self] request, _ in
            try await refusing { try await dryRun(try await upload(request)) }
        }
        router.post("/import/confirm") { [self] request, _ in
            try await refusing { try await confirm(try await form(request)) }
        }
    }

    /// Reads the uploaded roster (bounded in size) and checks the form's CSRF token.
    private func upload(_ request: Request) async throws -> (data: Data, fileName: String?, session: String) {
        var request = request
        guard let session = session(of: request) else {
            throw WorkbenchRefusal(status: .unauthorized, message: "请从 gradsync ui 打印的登录链接打开工作台。")
        }
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = type.split(separator: ";").lazy.map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") }).map({ String($0.dropFirst(9)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }),
              !boundary.isEmpty else {
            throw WorkbenchRefusal(status: .unsupportedMediaType, message: "请通过导入页面上传名单文件。")
        }
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: configuration.uploadLimit + 64 * 1024) } catch {
            throw WorkbenchRefusal(status: .contentTooLarge, message: "名单文件超过 \(configuration.uploadLimit / 1024 / 1024) MB，未处理。请分成几份上传。")
        }
        let parts = try? Self.parts(of: body, boundary: boundary)
        guard let parts, let roster = parts.firstPart(named: "roster"), let csrf = parts.firstPart(named: "csrf") else {
            throw WorkbenchRefusal(status: .badRequest, message: "上传的表单不完整（需要名单文件），未处理。")
        }
        try checkCSRF(String(buffer: csrf.body), session: session)
        // The file's name tells a workbook from a CSV when its bytes do not (`RosterFormat.detect`).
        let disposition = roster.headers.first(name: "Content-Disposition") ?? ""
        let fileName = disposition.components(separatedBy: "filename=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) }
        return (Data(roster.body.readableBytesView), fileName, session)
    }

    /// The dry run of an uploaded roster: every problem, or what confirming would do.
    private func dryRun(_ upload: (data: Data, fileName: String?, session: String)) async throws -> Response {
        let replica = self.replica, author = configuration.author
        let checked = try await Self.offloaded {
            Self.importing(upload.data, named: upload.fileName, into: replica, dryRun: true, author: author)
        }
        let stage: ImportPage.Stage
        switch checked {
        case .refused(let issues, let notices):
            stage = .refused(issues: issues, notices: notices)
        case .passed(let outcome, let notices, let encoding):
            let pending = sessions.keep(.init(data: upload.data, fileName: upload.fileName, session: upload.session))
            stage = .checked(outcome: outcome, notices: notices, pending: pending, encoding: encoding)
        }
        let status: HTTPResponse.Status = if case .refused = stage { .unprocessableContent } else { .ok }
        return WorkbenchResponse.html(ImportPage(stage: stage, csrf: sessions.csrfToken(session: upload.session) ?? "", author: author,
                                                 uploadLimit: configuration.uploadLimit).render(), status: status)
    }

    /// `POST /import/confirm`: imports the roster the dry run checked, all or nothing.
    private func confirm(_ form: WorkbenchForm) async throws -> Response {
        guard let id = form["pending"], let pending = sessions.take(roster: id, session: form.session) else {
            throw WorkbenchRefusal(status: .conflict, message: "没有等待确认的名单（已经导入过，或工作台重新启动过）。请重新上传。")
        }
        let replica = self.replica, author = configuration.author
        let imported = try await Self.offloaded {
            Self.importing(pending.data, named: pending.fileName, into: replica, dryRun: false, author: author)
        }
        let stage: ImportPage.Stage
        switch imported {
        case .refused(let issues, let notices): stage = .refused(issues: issues, notices: notices)
        case .passed(let outcome, _, _): stage = .imported(outcome)
        }
        return WorkbenchResponse.html(ImportPage(stage: stage, csrf: csrfToken(form), author: author, uploadLimit: configuration.uploadLimit).render())
    }

    /// What parsing and importing a roster gave.
    enum ImportResult: Sendable {
        case refused(issues: [RosterIssue], notices: [String])
        case passed(RosterImportOutcome, notices: [String], encoding: String)
    }

    /// Reads (CSV or .xlsx) and imports (or dry-runs) a roster as `gradsync import` does: a roster the parser refuses
    /// has its parsed rows checked too, so every problem is listed at once, and nothing is written.
    static func importing(_ data: Data, named fileName: String?, into replica: PlacementReplica, dryRun: Bool,
                          author: String) -> ImportResult {
        do {
            let roster: Roster
            do {
                roster = try replica.readRoster(file: data, named: fileName)
            } catch let error as RosterRefusal {
                let notices = error.warnings.map(\.description) + error.notices.map(\.description)
                do {
                    try replica.importRoster(error.rows, rowIssues: error.issues, restoreDeleted: false, dryRun: true, author: author)
                } catch RecordsError.rosterRefused(let issues) {
                    return .refused(issues: issues, notices: notices)
                }
                return .refused(issues: error.issues, notices: notices)
            }
            let notices = roster.warnings.map(\.description) + roster.notices.map(\.description)
            do {
                let outcome = try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: dryRun, author: author)
                return .passed(outcome, notices: notices, encoding: roster.encoding.rawValue)
            } catch RecordsError.rosterRefused(let issues) {
                return .refused(issues: issues, notices: notices)
            }
        } catch {
            return .refused(issues: [RosterIssue(line: 0, column: "", value: "", reason: "\(error)")], notices: [])
        }
    }
}
