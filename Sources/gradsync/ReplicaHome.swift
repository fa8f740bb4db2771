import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// A replica's directory: the SQLite file, the settings file (mode 0600) and the sync lock.
struct ReplicaHome {
    /// The directory.
    let directory: String

    var storePath: String { directory + "/replica.sqlite" }
    var settingsPath: String { directory + "/settings.json" }
    var lockPath: String { directory + "/sync.lock" }

    /// Opens the replica's placement records (and its store) with the placement validator.
    func openReplica() throws -> PlacementReplica {
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw CLIError.usage("no replica in \(directory): run 'gradsync init --department CODE' or 'gradsync init --central' first (or pass --home)")
        }
        tightenPermissions()
        let store = try ReplicaStore.open(at: storePath, options: storeOptions)
        if store.keyMadeOnOpen {
            printError("made a key for replica \(store.replicaID) (fingerprint \(store.key.fingerprint)), kept in its database: "
                       + "this version proves a replica's identity with its key when it syncs")
        }
        return PlacementReplica(store: store)
    }

    /// Opens the replica's store, for commands below the records (sync, tokens, backup).
    func openStore() throws -> ReplicaStore {
        try openReplica().store
    }

    /// Opens the replica's store from an async command (`sync`, `serve`).
    ///
    /// Opening reads and migrates the file with GRDB's blocking calls (GRDB has no async open), so it runs on the
    /// main actor, a serial executor of its own that nothing else uses while the command awaits, never on Swift's
    /// cooperative pool.
    func openStoreAsync() async throws -> ReplicaStore {
        let home = self
        return try await MainActor.run { try home.openStore() }
    }

    /// The store options: the placement validator, and the wall clock.
    ///
    /// `GRADSYNC_CLOCK_OFFSET_MS` shifts this process's idea of the wall clock (milliseconds, may be negative):
    /// a fault-injection knob for rehearsing a machine whose clock is wrong, used by the clock-fault tests.
    var storeOptions: ReplicaStore.Options {
        let offset = ProcessInfo.processInfo.environment["GRADSYNC_CLOCK_OFFSET_MS"].flatMap(Int64.init) ?? 0
        guard offset != 0 else { return PlacementReplica.options() }
        return PlacementReplica.options(wallClock: { UInt64(max(0, Int64(ReplicaStore.systemWallClock()) + offset)) })
    }

    /// Creates the directory (mode 0700) and a new replica in it.
    func createStore(scope: ReplicaScope) throws -> ReplicaStore {
        if FileManager.default.fileExists(atPath: storePath) {
            throw CLIError.usage("a replica already exists in \(directory)")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        tightenPermissions()
        return try ReplicaStore.create(at: storePath, scope: scope, options: storeOptions)
    }

    /// The files of a replica: the database with its WAL, shared-memory and journal files, the settings and the lock.
    var replicaFiles: [String] {
        [storePath, storePath + "-wal", storePath + "-shm", storePath + "-journal", settingsPath, settingsPath + ".tmp", lockPath]
    }

    /// Narrows a replica directory made wider than 0700, and its files wider than 0600 (by an older version,
    /// a copy or a umask), saying so on stderr; other files a person keeps in the directory are left alone.
    func tightenPermissions() {
        var narrowed: [String] = []
        var failures: [String] = []
        for (path, mode) in [(directory, OwnerOnlyFile.directoryMode)] + replicaFiles.map({ ($0, OwnerOnlyFile.fileMode) }) {
            do {
                if try OwnerOnlyFile.narrow(path, to: mode, followingLinks: path == directory) { narrowed.append(path == directory ? "the directory" : (path as NSString).lastPathComponent) }
            } catch {
                failures.append("cannot narrow the mode of \(error.path): \(error.reason)")
            }
        }
        if !narrowed.isEmpty {
            printError("tightened permissions in \(directory) (\(narrowed.joined(separator: ", "))) to owner-only (0700 directory, 0600 files): a replica holds personal information")
        }
        for failure in failures {
            printError("warning: \(failure); other users may be able to read this replica")
        }
    }

    /// The settings file's contents (empty when there is none).
    func loadSettings() throws -> ReplicaSettings {
        guard let data = FileManager.default.contents(atPath: settingsPath) else { return ReplicaSettings() }
        do {
            return try JSONDecoder().decode(ReplicaSettings.self, from: data)
        } catch {
            throw CLIError.usage("\(settingsPath) is not a valid settings file: \(error)")
        }
    }

    /// Writes the settings file with mode 0600, atomically.
    func saveSettings(_ settings: ReplicaSettings) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(settings)
        let temporary = settingsPath + ".tmp"
        do {
            try OwnerOnlyFile.replaceContents(of: temporary, with: data)
        } catch {
            throw CLIError.usage(error.description)
        }
        guard rename(temporary, settingsPath) == 0 else {
            throw CLIError.usage("cannot write \(settingsPath): \(String(cString: strerror(errno)))")
        }
    }
}

/// What `remote set` remembers, kept in `settings.json` (mode 0600: it may hold a token).
struct ReplicaSettings: Codable, Equatable {
    /// The node this replica syncs with.
    var remote: String?
    /// The bearer token for it, when given with --token.
    var token: String?
    /// A file holding the token, when given with --token-file.
    var tokenFile: String?
    /// A CA certificate file to trust for the remote's TLS certificate.
    var caFile: String?

    enum CodingKeys: String, CodingKey { case remote, token, tokenFile = "token_file", caFile = "ca_file" }
}

/// Who is writing, for the audit trail: --author, else $GRADSYNC_AUTHOR, else the login name.
func currentAuthor(_ explicit: String?) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    let environment = ProcessInfo.processInfo.environment
    return environment["GRADSYNC_AUTHOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
}
