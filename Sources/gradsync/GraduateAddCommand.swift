import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync graduate add`: creates a graduate in this replica's department (or `--department` on the central node).
struct GraduateAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a graduate record.",
        discussion: """
            The record is checked as a whole before anything is written: required fields (name, gender, \
            degree_level, grad_year) and the fields a destination needs.

            Examples:
              gradsync graduate add 2021010101 name=张三 gender=1 degree_level=本科 \\
                  grad_year=2025 destination_code=70
              gradsync graduate add 2021010101 --department AUTO name=张三 gender=男 \\
                  degree_level=本科 grad_year=2025
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: ArgumentHelp("The graduate's department (required on the central node).", valueName: "CODE"))
    var department: String?

    @Argument(help: ArgumentHelp("The student number (学号), the record's key.", valueName: "STUDENT_NO"))
    var studentNumber: String

    @Argument(help: ArgumentHelp("Fields to set.", valueName: "FIELD=VALUE"))
    var assignments: [String] = []

    func validate() throws {
        try FieldAssignments.checkSyntax(assignments)
    }

    func run() throws {
        try reportingFailures {
            // Values that cannot be read go to the records layer with the rest, which lists them with every rule
            // the other values break.
            let (values, refused) = try FieldAssignments.graduate.read(assignments)
            let added = try homeOptions.openReplica().addGraduate(studentNumber, department: department, values: values,
                                                                  refused: refused, author: authorOptions.name)
            print("added graduate \(studentNumber) to \(added.department) (\(added.changes.count) fields)")
        }
    }
}
