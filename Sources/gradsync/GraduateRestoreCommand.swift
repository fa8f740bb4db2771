import ArgumentParser
import GradSyncCore

/// `gradsync graduate restore`: brings a deleted graduate back with the fields it had.
struct GraduateRestoreCommand: AsyncParsableCommand {
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

    func run() async throws {
        try await reportingFailures {
            let replica = try ReplicaContext(homeOptions)
            let record = try replica.graduate(studentNumber, department: department)
            try replica.store.restore(record.id, author: authorOptions.name)
            print("restored graduate \(studentNumber) in \(record.id.scope)")
        }
    }
}
