import Foundation
import GRDB
import GradSyncCore

extension ReplicaStore {
    /// Writes a consistent copy of the replica to `path` (mode 0600) with SQLite's online backup, while others keep writing.
    public func backup(to path: String) throws {
        try Self.createOwnerOnly(path)
        let destination = try DatabaseQueue(path: path)
        try writer.backup(to: destination)
        try destination.close()
    }

    /// Restores a backup into a new replica at `path`, under a new replica id.
    ///
    /// The backup's id is never reused: its changes stay as the stream of an origin like any other, and the
    /// changes that id wrote after the backup come back from the remote by the next sync. Sync state with
    /// remotes is forgotten, since it described the old replica.
    public static func restore(backup source: String, to path: String, newID: ReplicaID = .random(),
                               options: Options = Options()) throws -> ReplicaStore {
        guard FileManager.default.fileExists(atPath: source) else { throw StoreError.notInitialized(path: source) }
        if FileManager.default.fileExists(atPath: path) { throw StoreError.alreadyInitialized(path: path) }
        let sourceQueue = try DatabaseQueue(path: source, configuration: {
            var configuration = Configuration()
            configuration.readonly = true
            return configuration
        }())
        guard try sourceQueue.read({ db in try db.tableExists("gs_replica") }) else { throw StoreError.notInitialized(path: source) }
        try createOwnerOnly(path)
        let destination = try DatabaseQueue(path: path)
        try sourceQueue.backup(to: destination)
        try sourceQueue.close()
        try destination.write { db in
            try db.execute(sql: "UPDATE gs_replica SET replica_id = ?", arguments: [newID.hex])
            try db.execute(sql: "INSERT OR IGNORE INTO gs_origin (replica_id) VALUES (?)", arguments: [newID.hex])
            try db.execute(sql: "DELETE FROM gs_peer")
        }
        try destination.close()
        return try open(at: path, options: options)
    }
}
