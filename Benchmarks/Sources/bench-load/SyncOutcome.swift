import BenchSupport
import Foundation

/// How one `gradsync sync` ended: its exit, time, peak memory and the counts of its JSON summary.
struct SyncOutcome: Sendable {
    var name: String
    var status: Int32
    var seconds: Double
    /// The time the client itself reports (`duration_ms`: opening the replica, the sync, closing), without the
    /// process's start and exit.
    var syncSeconds: Double?
    var peakMegabytes: Double
    var pushed: Int
    var pulled: Int
    var errorText: String

    var succeeded: Bool { status == 0 }

    /// Waits for `child` to end.
    init(_ child: ChildProcess, name: String) {
        let exit = child.wait()
        let summary = (try? JSONSerialization.jsonObject(with: Data(child.standardOutput.utf8))) as? [String: Any] ?? [:]
        self.name = name
        status = exit.status
        seconds = exit.duration.seconds
        syncSeconds = (summary["duration_ms"] as? Int).map { Double($0) / 1000 }
        peakMegabytes = Double(exit.peakMemory) / 1_048_576
        pushed = summary["pushed"] as? Int ?? 0
        pulled = summary["pulled"] as? Int ?? 0
        errorText = exit.status == 0 ? "" : String(child.standardError.suffix(1_000)) + String(child.standardOutput.suffix(1_000))
    }

    /// Fails the run unless the sync succeeded with exactly these counts.
    func expect(pushed: Int, pulled: Int) throws {
        guard succeeded else { throw BenchError("sync of \(name) exited \(status): \(errorText)") }
        guard self.pushed == pushed, self.pulled == pulled else {
            throw BenchError("sync of \(name) pushed \(self.pushed) and pulled \(self.pulled); expected \(pushed) and \(pulled)")
        }
    }

    /// Waits for every child, each on a thread of its own (a child is reaped as soon as it ends).
    static func waitAll(_ children: [(name: String, child: ChildProcess)]) throws -> [SyncOutcome] {
        let results = Locked<[SyncOutcome]>([])
        let group = DispatchGroup()
        for (name, child) in children {
            group.enter()
            let thread = Thread {
                let outcome = SyncOutcome(child, name: name)
                results.withLock { $0.append(outcome) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return results.withLock { $0 }
    }
}

/// Runs a nothing-new sync over and over on a thread of its own until stopped, keeping every outcome.
final class Prober: @unchecked Sendable {
    private let outcomes = Locked<[SyncOutcome]>([])
    private let running = Locked(true)
    private let done = DispatchSemaphore(value: 0)

    init(_ sync: @escaping @Sendable () throws -> SyncOutcome) {
        let thread = Thread { [outcomes, running, done] in
            while running.withLock({ $0 }) {
                if let outcome = try? sync() { outcomes.withLock { $0.append(outcome) } }
                Thread.sleep(forTimeInterval: 0.1)
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops after the sync under way and returns every outcome.
    func stop() -> [SyncOutcome] {
        running.withLock { $0 = false }
        done.wait()
        return outcomes.withLock { $0 }
    }
}

/// Samples a process's resident memory (`VmRSS` of /proc) every 50 ms.
final class MemorySampler: @unchecked Sendable {
    private let pid: pid_t
    private let peak = Locked(0)
    private let running = Locked(true)

    init(pid: pid_t) {
        self.pid = pid
        let thread = Thread { [self] in
            while running.withLock({ $0 }) {
                let now = residentBytes()
                peak.withLock { $0 = max($0, now) }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        thread.start()
    }

    func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    var currentMegabytes: Double { Double(residentBytes()) / 1_048_576 }
    var peakMegabytes: Double { Double(peak.withLock { $0 }) / 1_048_576 }
    func resetPeak() { peak.withLock { $0 = residentBytes() } }
    func stop() { running.withLock { $0 = false } }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
