import ArgumentParser
import GradSyncCore
import GradSyncRecords

/// `gradsync graduate delete`: deletes a graduate (a tombstone change, reversible by `restore`).
struct GraduateDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a graduate record (reversible with 'graduate restore').",
        discussion: """
            The record's history stays in the change log; 'graduate restore' brings it back as it was.

            Example:
              gradsync graduate delete 2021010101
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: ArgumentHelp("The graduate's department, when the central node holds the number in several.", valueName: "CODE"))
    var department: String?

    @Argument(help: ArgumentHelp("The student number (学号).", valueName: "STUDENT_NO"))
    var studentNumber: String

    func run() throws {
        try reportingFailures {
            let record = try homeOptions.openReplica().deleteGraduate(studentNumber, department: department, author: authorOptions.name)
            print("deleted graduate \(studentNumber) in \(record.scope)")
        }
    }
}
