import Foundation
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

/// Two threads of the node's own, at the bulk-work priority, for the CPU-bound part of requests that carry or fetch
/// pages of changes: a pushed page's inflating, parsing and checking (every change validated and its content hash
/// recomputed), and a pull page's read, wire form, JSON and gzip.
///
/// That work is most of a push's CPU and nearly all of a pull's; run on Swift's cooperative pool, at the priority of
/// everything else, 30 departments pushing a backlog took both cores from a nothing-new sync arriving meanwhile. On
/// these threads it takes only the CPU that other requests leave. The store's writes stay at normal priority: a
/// low-priority thread holding the write lock would make a handshake's health row wait behind it. A pull page's read
/// holds a reader connection at low priority, at most two at once (one a thread); a store keeps more readers than the
/// node's low-priority work can hold (`ReplicaStore.readerConnections`), so a handshake or a dashboard page finds one.
///
/// Made once per process and never ended (their priority cannot be raised again, so they are never a shared pool's).
final class BulkWorkers: @unchecked Sendable {
    static let shared = BulkWorkers(threads: 2)

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var next = 0

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [self] in
                BulkWorkPriority.lowerThisThread()
                work()
            }
            thread.name = "gradsync-bulk-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body` on one of the threads and returns what it returns (or throws what it throws); jobs run in the order
    /// they arrive.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            jobs.append { continuation.resume(with: Result { try body() }) }
            condition.signal()
            condition.unlock()
        }
    }

    private func work() -> Never {
        while true {
            condition.lock()
            while next == jobs.count { condition.wait() }
            let job = jobs[next]
            next += 1
            if next == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                next = 0
            } else if next >= 64, next * 2 >= jobs.count {
                // Under a load that never empties the queue, the jobs run are dropped now and then.
                jobs.removeFirst(next)
                next = 0
            }
            condition.unlock()
            job()
        }
    }
}
