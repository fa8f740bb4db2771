import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// `gradsync status`: who this replica is and what is not yet synced.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the replica id, scope, graduates and changes not yet on the remote, last sync and open conflicts.",
        discussion: "Examples:\n  gradsync status\n  gradsync status --json")

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingFailures {
            let home = homeOptions.replicaHome
            let store = try home.openStore()
            let settings = try home.loadSettings()
            let configured = ProcessInfo.processInfo.environment["GRADSYNC_REMOTE"] ?? settings.remote
            let peer = try configured.flatMap { try store.health.peerState(url: URL(string: $0)?.absoluteString ?? $0) }
            // Shown, never used: a remote with credentials is refused by sync, and its secret is not printed here either.
            let remote = configured.map(RemoteAddress.redacted)
            let all = try store.versionVector(filter: store.scope)
            let own = VersionVector(all.entries.filter { store.scope.mayWrite($0.key.scope) })
            let peerVector = peer?.vector ?? VersionVector()
            let pending = own.count(missingFrom: peerVector)
            let status = StatusReport(
                replicaID: store.replicaID.hex, scope: store.scope.description, changes: try store.changeCount(),
                pendingChanges: Int(pending), graduates: try store.liveRecordCount(collection: GraduateSchema.collection),
                // With no remote nothing is synced: every graduate held counts, read from the state instead of the log.
                pendingGraduates: try peer == nil ? store.recordCount(collection: GraduateSchema.collection)
                    : store.recordCount(collection: GraduateSchema.collection, changedIn: own, missingFrom: peerVector),
                remote: remote, lastSync: peer?.lastSyncMilliseconds.map(isoTime),
                lastError: peer?.lastError, openConflicts: try store.conflicts().count,
                clockSuspects: try store.clockSuspects().map { ClockSuspectReport(origin: $0.origin.hex, aheadMilliseconds: $0.aheadMilliseconds) },
                publicKey: store.key.publicKeyHex, keyFingerprint: store.key.fingerprint)
            if json {
                try printJSON(status)
                return
            }
            print("replica        \(status.replicaID)")
            print("scope          \(status.scope == "*" ? "* (central node: every department)" : status.scope)")
            print("key            \(status.keyFingerprint) (Ed25519; the node binds this replica id to it at the first sync)")
            print("graduates      \(status.graduates)")
            print("changes held   \(status.changes)")
            print("remote         \(remote ?? "(none; run 'gradsync remote set URL --token-file F')")")
            print("not yet synced \(status.pendingGraduates) graduates (\(status.pendingChanges) changes)")
            print("last sync      \(status.lastSync ?? "never")\(status.lastError.map { " (last attempt failed: \(FieldDisplay.visibleLines($0)))" } ?? "")")
            print("open conflicts \(status.openConflicts)")
            for suspect in status.clockSuspects {
                print("clock suspect  replica \(suspect.origin) stamped changes \(suspect.aheadMilliseconds / 60_000) minutes ahead of this clock")
            }
        }
    }
}

/// The object `status --json` prints.
struct StatusReport: Encodable {
    var replicaID: String
    var scope: String
    var changes: Int
    var pendingChanges: Int
    /// Graduates held, deleted ones left out.
    var graduates: Int
    /// Graduates (deleted ones too) with an edit the remote is not known to hold.
    var pendingGraduates: Int
    var remote: String?
    var lastSync: String?
    var lastError: String?
    var openConflicts: Int
    var clockSuspects: [ClockSuspectReport]
    /// The replica's Ed25519 public key (64 hex digits) and its fingerprint.
    var publicKey: String
    var keyFingerprint: String

    enum CodingKeys: String, CodingKey {
        case replicaID = "replica_id", scope, changes, pendingChanges = "pending_changes", graduates
        case pendingGraduates = "pending_graduates", remote, lastSync = "last_sync"
        case lastError = "last_error", openConflicts = "open_conflicts", clockSuspects = "clock_suspects"
        case publicKey = "public_key", keyFingerprint = "key_fingerprint"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(replicaID, forKey: .replicaID)
        try container.encode(scope, forKey: .scope)
        try container.encode(changes, forKey: .changes)
        try container.encode(pendingChanges, forKey: .pendingChanges)
        try container.encode(graduates, forKey: .graduates)
        try container.encode(pendingGraduates, forKey: .pendingGraduates)
        try container.encode(remote, forKey: .remote)
        try container.encode(lastSync, forKey: .lastSync)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(openConflicts, forKey: .openConflicts)
        try container.encode(clockSuspects, forKey: .clockSuspects)
        try container.encode(publicKey, forKey: .publicKey)
        try container.encode(keyFingerprint, forKey: .keyFingerprint)
    }
}

/// One origin seen stamping too far ahead.
struct ClockSuspectReport: Encodable {
    var origin: String
    var aheadMilliseconds: UInt64

    enum CodingKeys: String, CodingKey { case origin, aheadMilliseconds = "ahead_ms" }
}
