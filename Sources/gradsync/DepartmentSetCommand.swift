import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords

/// `gradsync department set`: names a department in the shared directory (central node only).
struct DepartmentSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Add a department to the directory, or rename it (central node only).",
        discussion: """
            Example:
              gradsync department set AUTO 自动化学院
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Argument(help: ArgumentHelp("The department code (1–32 of A-Za-z0-9_-).", valueName: "CODE"))
    var code: String

    @Argument(help: ArgumentHelp("The department's Chinese name.", valueName: "NAME"))
    var name: String

    func validate() throws {
        do { _ = try Scope.department(code) } catch { throw ValidationError(error.description) }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError("give the department's name as plain text")
        }
    }

    func run() throws {
        try reportingFailures {
            let changed = try homeOptions.openReplica().setDepartmentName(code, name: name, author: authorOptions.name)
            print(changed ? "department \(code): \(name)" : "department \(code) is already named \(name)")
        }
    }
}
