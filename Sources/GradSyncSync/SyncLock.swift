import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The kernel lock (flock) that keeps two syncs of one replica from overlapping: `gradsync sync` (cron or a
/// person) and the workbench's "sync now" take the same lock file, so they never run at once.
///
/// The kernel releases it when the process exits, however it exits, so a killed sync leaves no stale lock.
public final class SyncLock: Sendable {
    /// Why the lock file could not be opened (not: another sync holds it).
    public struct OpenFailure: Error, CustomStringConvertible {
        /// The reason, with the path.
        public let description: String
    }

    private let descriptor: Int32

    /// Takes the lock without waiting; nil when another process (or another holder in this one) has it.
    public init?(path: String) throws(OpenFailure) {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OpenFailure(description: "cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
