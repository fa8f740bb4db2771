import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync conflicts resolve`: settles a conflicted field with a value, or a record deleted while edited.
struct ConflictsResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve a conflicted field of a graduate, or a graduate deleted while it was edited.",
        discussion: """
            Resolving writes the chosen value over every value in conflict, so the entry closes on \
            every replica the change reaches; choosing the value already shown still writes. An empty \
            VALUE clears the field. A record deleted while edited is restored (--restore) or deleted \
            again having seen every edit (--keep-deleted).

            Examples:
              gradsync conflicts resolve 2021010101 destination_code 10
              gradsync conflicts resolve 2021010101 employer_name 福州智控科技有限公司 \\
                  --department AUTO
              gradsync conflicts resolve 2021010102 --keep-deleted
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: ArgumentHelp("The graduate's department, when the central node holds the number in several.", valueName: "CODE"))
    var department: String?

    @Flag(help: "Keep a record deleted while it was edited deleted (a delete that has seen every edit).")
    var keepDeleted = false

    @Flag(help: "Restore a record deleted while it was edited.")
    var restore = false

    @Argument(help: ArgumentHelp("The student number (学号).", valueName: "STUDENT_NO"))
    var studentNumber: String

    @Argument(help: ArgumentHelp("The conflicted field.", valueName: "FIELD"))
    var field: String?

    @Argument(help: ArgumentHelp("The value to keep (empty clears the field).", valueName: "VALUE"))
    var value: String?

    func validate() throws {
        let settlesDeletion = keepDeleted || restore
        guard !(keepDeleted && restore) else { throw ValidationError("give one of --keep-deleted or --restore") }
        if settlesDeletion {
            guard field == nil else { throw ValidationError("--keep-deleted and --restore take no FIELD or VALUE") }
        } else {
            guard field != nil, value != nil else {
                throw ValidationError("give FIELD and VALUE, or --keep-deleted / --restore for a record deleted while edited")
            }
        }
    }

    func run() throws {
        try reportingFailures {
            let replica = try homeOptions.openReplica()
            if let field, let value {
                let values = try FieldAssignments.graduate.values(["\(field)=\(value)"])
                // The field may be given by its Chinese label; the values are keyed by the schema's name.
                let name = FieldAssignments.graduate.field(named: field)?.name ?? field
                let written = try replica.resolveConflict(studentNumber, department: department, field: name, value: values[name] ?? .null,
                                                          author: authorOptions.name)
                print("resolved \(field) of graduate \(studentNumber) (\(written.count) change written)")
            } else {
                let record = try replica.resolveDeletion(studentNumber, department: department, restore ? .restore : .keepDeleted,
                                                         author: authorOptions.name)
                print(restore ? "restored graduate \(studentNumber) in \(record.scope)" : "kept graduate \(studentNumber) deleted in \(record.scope)")
            }
        }
    }
}
