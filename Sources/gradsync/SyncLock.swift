import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The kernel lock (flock) that keeps two syncs of one replica from overlapping.
///
/// The kernel releases it when the process exits, however it exits, so a killed sync leaves no stale lock.
final class SyncLock {
    private let descriptor: Int32

    /// Takes the lock without waiting; nil when another process holds it.
    init?(path: String) throws {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CLIError.usage("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
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
