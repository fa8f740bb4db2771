import Foundation
@testable import GradSyncServer
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct BulkWorkPriorityTests {
    /// The nice value of the calling thread.
    static func niceOfThisThread() -> Int32 {
        errno = 0
        return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    @Test func aBulkThreadIsLoweredAndTheRestOfTheProcessIsNot() async throws {
        let before = Self.niceOfThisThread()
        let seen = Mutex<Int32?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            BulkWorkPriority.lowerThisThread()
            seen.withLock { $0 = Self.niceOfThisThread() }
            finished.signal()
        }.start()
        finished.wait()
        #expect(seen.withLock { $0 } == max(before, BulkWorkPriority.nice))
        // The caller's thread (and so every request thread of a node) keeps its priority.
        #expect(Self.niceOfThisThread() == before)
    }
}
