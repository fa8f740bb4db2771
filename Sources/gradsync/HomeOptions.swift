import ArgumentParser
import Foundation
import GradSyncRecords

/// The `--home` option every command shares.
struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The replica's directory (default: $GRADSYNC_HOME, else ~/.gradsync).", valueName: "DIR"))
    var home: String?

    /// The replica directory this invocation works on.
    var replicaHome: ReplicaHome {
        let environment = ProcessInfo.processInfo.environment
        let path = home ?? environment["GRADSYNC_HOME"] ?? (NSHomeDirectory() + "/.gradsync")
        return ReplicaHome(directory: path)
    }

    /// Opens the replica of this invocation's home.
    func openReplica() throws -> PlacementReplica {
        try replicaHome.openReplica()
    }
}
