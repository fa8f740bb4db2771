import ArgumentParser
import GradSyncCore
import GradSyncRecords

/// `gradsync graduate restore`: brings a deleted graduate back with the fields it had.
struct GraduateRestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a deleted graduate record.",
        discussion: """
            Example:
              gradsync graduate restore 2021010101
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: ArgumentHelp("The graduate's department, when the central node holds the number in several.", valueName: "CODE"))
    var department: String?

    @Argument(help: ArgumentHelp("The student number (学号).", valueName: "STUDENT_NO"))
    var studentNumber: String

    func run() throws {
        try reportingFailures {
            let record = try homeOptions.openReplica().restoreGraduate(studentNumber, department: department, author: authorOptions.name)
            print("restored graduate \(studentNumber) in \(record.scope)")
        }
    }
}
