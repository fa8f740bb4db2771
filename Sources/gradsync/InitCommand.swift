import ArgumentParser
import GradSyncCore
import GradSyncStore

/// `gradsync init`: creates a department replica or the central node's replica.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a replica: one department's, or the central node's.",
        discussion: """
            Examples:
              gradsync init --department AUTO
              gradsync --home /srv/gradsync init --central
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("The department code (1–32 of A-Za-z0-9_-; 'shared' is reserved).", valueName: "CODE"))
    var department: String?

    @Flag(help: "Create the central node's replica (scope: every department).")
    var central = false

    func validate() throws {
        guard (department != nil) != central else {
            throw ValidationError("give exactly one of --department CODE or --central")
        }
        if let department {
            do {
                _ = try Scope.department(department)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        try reportingFailures {
            let scope: ReplicaScope = central ? .central : .department(try Scope.department(department!))
            let store = try homeOptions.replicaHome.createStore(scope: scope)
            print("created replica \(store.replicaID) (scope \(scope)) in \(homeOptions.replicaHome.directory)")
        }
    }
}
