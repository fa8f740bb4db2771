import Foundation
import GRDB
import GradSyncTesting
import Testing

/// A replica this build cannot open is reported as what it is, by every command, the sync's JSON included.
struct StoreStateCommandTests {
    /// Marks the replica as migrated by a newer gradsync than this one.
    private func markWrittenByANewerVersion(_ replica: CLIReplica) throws {
        let queue = try DatabaseQueue(path: replica.directory.file("home/replica.sqlite"))
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-a-newer-gradsync')") }
        try queue.close()
    }

    @Test func aReplicaFromANewerVersionIsNamedAsSuchByEveryCommand() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try markWrittenByANewerVersion(auto)
        for arguments in [["status"], ["graduate", "list"], ["verify"], ["export"]] {
            let result = try auto.run(arguments)
            #expect(result.exitCode == 2, "gradsync \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.contains("newer version of GradSync"), "gradsync \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        let sync = try auto.run(["sync", "--json", "--remote", "http://127.0.0.1:9", "--token", "gs1.0123456789abcdef." + String(repeating: "0", count: 64)])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sync.stdout.utf8)) as? [String: Any])
        #expect(sync.exitCode == 2)
        #expect(object["status"] as? String == "usage")
        #expect(object["code"] as? String == "incompatible_format", "\(object)")
    }
}
