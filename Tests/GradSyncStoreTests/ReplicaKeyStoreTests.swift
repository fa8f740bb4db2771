import Foundation
import GRDB
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// A replica's key: made with it, kept owner-only, carried by backups, replaced with the id on restore.
@Suite struct ReplicaKeyStoreTests {
    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aReplicaIsMadeWithAKeyInItsOwnerOnlyFile() throws {
        let replicas = try TestReplicas()
        let store = try replicas.department("auto", "AUTO")
        #expect(try Self.mode(store.path) == 0o600)
        #expect(store.key.publicKeyHex.utf8.count == 64 && ReplicaKey.isPublicKey(store.key.publicKeyHex))
        #expect(!store.keyMadeOnOpen)
        let other = try replicas.department("other", "AUTO")
        #expect(store.key != other.key, "every replica has a key of its own")
        let reopened = try replicas.reopen(store)
        #expect(reopened.key == store.key && !reopened.keyMadeOnOpen)
        // The key signs, and only its own signatures verify.
        let signature = store.key.sign("text")
        #expect(ReplicaKey.verify(signatureHex: signature, of: "text", publicKeyHex: store.key.publicKeyHex))
        #expect(!ReplicaKey.verify(signatureHex: signature, of: "text!", publicKeyHex: store.key.publicKeyHex))
        #expect(!ReplicaKey.verify(signatureHex: signature, of: "text", publicKeyHex: other.key.publicKeyHex))
        #expect(store.key.fingerprint.split(separator: ":").count == 8)
    }

    @Test func aBackupCarriesTheKeyAndARestoreMakesANewIdAndKey() throws {
        let replicas = try TestReplicas()
        let store = try replicas.department("auto", "AUTO")
        try store.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "s")
        let backup = replicas.directory.file("backup.sqlite")
        try store.maintenance.backup(to: backup)
        #expect(try Self.mode(backup) == 0o600)
        let copy = try ReplicaStore.open(at: backup)
        #expect(copy.replicaID == store.replicaID && copy.key == store.key, "the backup holds the replica's id and key")
        try copy.close()
        let restored = try ReplicaMaintenance.restore(backup: backup, to: replicas.directory.file("restored.sqlite"))
        #expect(restored.replicaID != store.replicaID)
        #expect(restored.key != store.key, "a restored replica proves a new identity with a new key")
        #expect(!restored.keyMadeOnOpen)
        #expect(try restored.changeCount() == 1)
    }

    /// A replica made before keys existed gets its key when this version first opens it, and says so once.
    @Test func aReplicaMadeBeforeKeysGetsOneOnFirstOpen() throws {
        let replicas = try TestReplicas()
        let store = try replicas.department("old", "AUTO")
        let id = store.replicaID
        try store.close()
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE gs_replica_key; ALTER TABLE gs_replica DROP COLUMN signing_key")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v8-replica-keys'")
        }
        try queue.close()
        let opened = try ReplicaStore.open(at: store.path)
        #expect(opened.replicaID == id && opened.keyMadeOnOpen)
        let key = opened.key
        try opened.close()
        let again = try ReplicaStore.open(at: store.path)
        #expect(again.key == key && !again.keyMadeOnOpen, "made once, kept after")
    }

    @Test func aDamagedKeyIsRefusedByName() throws {
        let replicas = try TestReplicas()
        let store = try replicas.department("damaged", "AUTO")
        try store.close()
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in try db.execute(sql: "UPDATE gs_replica SET signing_key = x'0102'") }
        try queue.close()
        #expect {
            _ = try ReplicaStore.open(at: store.path)
        } throws: { error in
            "\(error)".contains("replica key")
        }
    }
}
