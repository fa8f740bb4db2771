import ArgumentParser
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// `gradsync conflicts resolve`: settles a conflicted field with a value, or a record deleted while edited.
struct ConflictsResolveCommand: AsyncParsableCommand {
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
              gradsync conflicts resolve 2021010101 employer_name 福州智控科技有限公司 --department AUTO
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

    func run() async throws {
        try await reportingFailures {
            let replica = try ReplicaContext(homeOptions)
            let record = try replica.graduate(studentNumber, department: department)
            if let field, let value {
                try resolveField(record, field: field, value: value, replica: replica)
            } else {
                try resolveDeletion(record, replica: replica)
            }
        }
    }

    private func resolveField(_ record: RecordState, field: String, value: String, replica: ReplicaContext) throws {
        guard record.conflictedFields.contains(field) else {
            throw CLIError.refused("field \(field) of graduate \(studentNumber) is not in conflict; use 'gradsync graduate set' to change it")
        }
        let values = try FieldAssignments.graduate.values(["\(field)=\(value)"])
        let written = try GraduateEdit(replica: replica, author: authorOptions.name)
            .set(studentNumber, department: record.id.scope.name, values: values)
        print("resolved \(field) of graduate \(studentNumber) (\(written.count) change written)")
    }

    private func resolveDeletion(_ record: RecordState, replica: ReplicaContext) throws {
        let listed = try replica.store.conflicts().contains { entry in
            if case .deletedWhileEdited(let id, _) = entry { return id == record.id }
            return false
        }
        guard listed else {
            throw CLIError.refused("graduate \(studentNumber) is not listed as deleted while edited")
        }
        if restore {
            try replica.store.restore(record.id, author: authorOptions.name)
            print("restored graduate \(studentNumber) in \(record.id.scope)")
        } else {
            try replica.store.confirmDeletion(record.id, author: authorOptions.name)
            print("kept graduate \(studentNumber) deleted in \(record.id.scope)")
        }
    }
}
