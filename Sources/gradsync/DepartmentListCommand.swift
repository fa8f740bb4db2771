import ArgumentParser
import GradSyncCore
import GradSyncRecords

/// `gradsync department list`: the department directory as this replica holds it.
struct DepartmentListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the department directory.",
        discussion: """
            Examples:
              gradsync department list
              gradsync department list --json
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Print one JSON object: code → name.")
    var json = false

    func run() throws {
        try reportingFailures {
            let names = try homeOptions.openReplica().departmentDirectory().names
            if json {
                FieldDisplay.printJSON(.object(names.mapValues(FieldValue.string)))
            } else {
                let rows = names.keys.sorted().map { ["code": $0, "name": names[$0]!] }
                print(FieldDisplay.table([("code", "代码"), ("name", "学院")], rows), terminator: "")
            }
        }
    }
}
