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

    struct Refused: Error, Equatable { let job: Int }

    /// The bulk-work threads run each job at the bulk priority and hand back its result or its error, however many
    /// jobs arrive at once; the caller's thread keeps its priority.
    /// Both threads are held busy while the jobs queue up, so the queue grows past the point where it drops the jobs
    /// already run, and every job must still run once.
    @Test(.timeLimit(.minutes(1)))
    func bulkWorkersRunEveryJobLoweredAndReturnWhatItReturnsOrThrows() async throws {
        let before = Self.niceOfThisThread()
        let release = DispatchSemaphore(value: 0)
        let holding = (0..<2).map { _ in Task { try await BulkWorkers.shared.run { release.wait() } } }
        let queued = Task {
            // The jobs below are queued behind the two holding ones; the threads are let go once most are.
            try await Task.sleep(for: .milliseconds(300))
            release.signal()
            release.signal()
        }
        let results = try await withThrowingTaskGroup(of: (Int, Result<Int32, Refused>).self) { group in
            for job in 0..<200 {
                group.addTask {
                    do {
                        let nice = try await BulkWorkers.shared.run { () throws(Refused) -> Int32 in
                            if job % 7 == 0 { throw Refused(job: job) }
                            return Self.niceOfThisThread()
                        }
                        return (job, .success(nice))
                    } catch let error as Refused {
                        return (job, .failure(error))
                    }
                }
            }
            return try await group.reduce(into: [Int: Result<Int32, Refused>]()) { $0[$1.0] = $1.1 }
        }
        for task in holding { try await task.value }
        try await queued.value
        #expect(results.count == 200)
        for (job, result) in results {
            if job % 7 == 0 {
                #expect(result == .failure(Refused(job: job)))
            } else {
                #expect(result == .success(max(before, BulkWorkPriority.nice)), "job \(job)")
            }
        }
        #expect(Self.niceOfThisThread() == before)
    }
}
