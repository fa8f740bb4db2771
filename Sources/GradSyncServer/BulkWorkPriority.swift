#if canImport(Glibc)
import Glibc
#endif

/// The CPU priority of a node's bulk work: the threads that build a snapshot run at nice 10.
///
/// A snapshot build keeps two threads busy for seconds; at the same priority as the request threads, a handshake
/// or a small pull arriving meanwhile waits its turn behind them for every step it takes. Under a load of fresh
/// replicas bootstrapping at once, that is what a nothing-new sync waited on. At nice 10 the builds take only the
/// CPU that requests leave, and still all of it when nothing else runs.
///
/// Linux lets a thread lower its own priority but not raise it again (without privilege), so only threads made
/// for the build, which end with it, are lowered; never one of a shared pool.
enum BulkWorkPriority {
    /// The nice value of bulk-work threads.
    static let nice: Int32 = 10

    /// Lowers the calling thread's priority to `nice` (never raises it). Best effort: a failure leaves it as it was.
    static func lowerThisThread() {
        #if os(Linux)
        // On Linux the nice value is a thread's, and `who` 0 names the calling thread alone.
        let thread: id_t = 0
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread)
        guard errno == 0, current < nice else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, nice)
        #endif
    }
}
