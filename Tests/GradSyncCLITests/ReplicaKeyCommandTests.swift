import Foundation
import GRDB
import GradSyncStore
import GradSyncTesting
import Testing

/// `gradsync status` shows the replica's key; a replica made before keys gets one on first open and says so once;
/// `restore` makes a new key with the new id.
@Suite struct ReplicaKeyCommandTests {
    @Test func statusShowsTheKeysFingerprintAdditively() throws {
        let replica = try CLIReplica(["--department", "AUTO"])
        let store = try replica.openStore()
        let key = store.key
        try store.close()
        let json = try CLIReplica.json(try replica.succeed(["status", "--json"]))
        #expect(json["key_fingerprint"]?.stringValue == key.fingerprint)
        #expect(json["public_key"]?.stringValue == key.publicKeyHex)
        for member in ["replica_id", "scope", "changes", "pending_changes", "last_sync", "open_conflicts", "clock_suspects"] {
            #expect(json[member] != nil, "status --json keeps \(member)")
        }
        #expect(try replica.succeed(["status"]).contains(key.fingerprint))
    }

    @Test func aReplicaMadeBeforeKeysGetsOneOnFirstOpenAndSaysSoOnce() throws {
        let replica = try CLIReplica(["--department", "AUTO"])
        let queue = try DatabaseQueue(path: replica.directory.file("home/replica.sqlite"))
        try queue.write { db in
            try db.execute(sql: "DROP TABLE gs_replica_key; ALTER TABLE gs_replica DROP COLUMN signing_key")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v8-replica-keys'")
        }
        try queue.close()
        let first = try replica.run(["status"])
        #expect(first.exitCode == 0 && first.stderr.contains("made a key for replica"), "\(first.stderr)")
        let second = try replica.run(["status"])
        #expect(second.exitCode == 0 && !second.stderr.contains("made a key"))
    }

    @Test func restoreMakesANewIdAndANewKey() throws {
        let replica = try CLIReplica(["--department", "AUTO"])
        let backup = replica.directory.file("backup.sqlite")
        try replica.succeed(["backup", backup])
        let original = try CLIReplica.json(try replica.succeed(["status", "--json"]))
        let restored = CommandRunner(home: replica.directory.file("restored"))
        #expect(try restored.run(["restore", backup]).exitCode == 0)
        let after = try CLIReplica.json(try restored.run(["status", "--json"]).stdout)
        #expect(after["replica_id"] != original["replica_id"])
        #expect(after["public_key"] != original["public_key"] && after["public_key"]?.stringValue?.utf8.count == 64)
    }
}
