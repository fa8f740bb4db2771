import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords

/// `gradsync report published`: the reports published with `report freeze`, one of them as published, and what changed since.
struct ReportPublishedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "published",
        abstract: "List published reports, print one as it was published, or list what changed since.",
        discussion: """
            Examples:
              gradsync report published
              gradsync report published 初次统计 > 初次统计.json
              gradsync report published 初次统计 --changes
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: ArgumentHelp("The label it was published under.", valueName: "LABEL"))
    var label: String?

    @Flag(help: "List the changes to graduates made since: department, student number, field, author.")
    var changes = false

    func validate() throws {
        if changes, label == nil { throw ValidationError("--changes needs the LABEL of a published report") }
    }

    func run() throws {
        try reportingFailures {
            let replica = try homeOptions.openReplica()
            guard let label else {
                for publication in try replica.publications() {
                    print("\(publication.label)\tas of \(publication.asOf)\tpublished \(isoTime(publication.publishedAtMilliseconds))")
                }
                return
            }
            guard let publication = try replica.publication(label) else {
                throw RecordsError.refused("no report is published as '\(ControlCharacters.visible(label))'; 'gradsync report published' lists them")
            }
            guard changes else {
                print(publication.body)
                return
            }
            let rows = try replica.changesSince(publication).map { change -> [String: String] in
                let field = GraduateSchema.field(named: change.field)
                let value = field?.hidesValues == true ? "（个人信息，已隐藏）"
                    : change.field == Change.tombstoneField ? (change.value == Change.deletedValue ? "删除" : "恢复")
                    : FieldDisplay.text(change.value, field: field)
                return ["department": change.department, "student_no": change.studentNumber,
                        "field": change.field == Change.tombstoneField ? "（记录）" : field?.label ?? change.field,
                        "value": value, "author": change.author, "written": isoTime(change.writtenAtMilliseconds)]
            }
            let columns: [(key: String, title: String)] = [("department", "学院"), ("student_no", "学号"), ("field", "字段"),
                                                            ("value", "新值"), ("author", "修改人"), ("written", "修改时间")]
            print(FieldDisplay.table(columns, rows), terminator: "")
            print("\(rows.count) change(s) to graduates since \(publication.label) (as of \(publication.asOf))")
        }
    }
}
