import Foundation
import GradSyncStore

/// How the secretaries' workbench (`gradsync ui`) behaves: who writes, where "sync now" syncs, how big an upload may be.
public struct WorkbenchConfiguration: Sendable {
    /// The author every write carries, as the CLI's `--author` (shown in the page header).
    public var author: String
    /// Where "sync now" syncs, read when the button is pressed (settings and environment may change meanwhile);
    /// throws a message to show when no remote is configured.
    public var syncTarget: @Sendable () throws -> WorkbenchSyncTarget
    /// The largest roster upload read, in bytes (default 20 MiB: some 50,000 rows of an Excel roster).
    public var uploadLimit: Int
    /// The wall clock, Unix milliseconds (tests inject one).
    public var clock: @Sendable () -> UInt64

    /// A configuration writing as `author`.
    public init(author: String, syncTarget: @escaping @Sendable () throws -> WorkbenchSyncTarget,
                uploadLimit: Int = 20 * 1024 * 1024, clock: @escaping @Sendable () -> UInt64 = ReplicaStore.systemWallClock) {
        self.author = author
        self.syncTarget = syncTarget
        self.uploadLimit = uploadLimit
        self.clock = clock
    }
}

/// The node "sync now" syncs with and the lock that keeps it from overlapping `gradsync sync`.
public struct WorkbenchSyncTarget: Sendable {
    /// The node's base URL.
    public var url: URL
    /// The bearer token.
    public var token: String
    /// The replica's sync lock file, the one `gradsync sync` takes.
    public var lockPath: String

    /// A target.
    public init(url: URL, token: String, lockPath: String) {
        self.url = url
        self.token = token
        self.lockPath = lockPath
    }
}
