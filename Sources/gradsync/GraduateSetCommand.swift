import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync graduate set`: changes fields of an existing graduate; `FIELD=` clears one.
struct GraduateSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change fields of a graduate record (FIELD= clears a field).",
        discussion: """
            The record as it would be after the change is checked as a whole; when a rule breaks, \
            nothing is written. Writing a field that is in conflict resolves the conflict.

            FIELD is the schema's name, its Chinese label or a roster column name; VALUE is read as an \
            imported roster cell is: a code or its name (其他企业), a date as yyyy-mm-dd, yyyy/m/d, \
            yyyy.m.d, yyyy年m月d日 or yyyymmdd.

            Examples:
              gradsync graduate set 2021010101 destination_code=801 \\
                  study_institution=厦门大学
              gradsync graduate set 2021010101 phone=
              gradsync graduate set 2021010101 单位性质=其他企业 签约日期=2025/3/1
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: ArgumentHelp("The graduate's department, when the central node holds the number in several.", valueName: "CODE"))
    var department: String?

    @Argument(help: ArgumentHelp("The student number (学号).", valueName: "STUDENT_NO"))
    var studentNumber: String

    @Argument(help: ArgumentHelp("Fields to set; FIELD= clears one.", valueName: "FIELD=VALUE"))
    var assignments: [String]

    func validate() throws {
        guard !assignments.isEmpty else { throw ValidationError("give at least one FIELD=VALUE") }
        try FieldAssignments.checkSyntax(assignments)
    }

    func run() throws {
        try reportingFailures {
            // Values that cannot be read go to the records layer with the rest, which lists them with every rule
            // the other values break.
            let (values, refused) = try FieldAssignments.graduate.read(assignments)
            let changes = try homeOptions.openReplica().setGraduate(studentNumber, department: department, values: values,
                                                                    refused: refused, author: authorOptions.name)
            if changes.isEmpty {
                print("graduate \(studentNumber): nothing changed")
            } else {
                print("graduate \(studentNumber): set \(changes.map(\.field).joined(separator: ", "))")
            }
        }
    }
}
