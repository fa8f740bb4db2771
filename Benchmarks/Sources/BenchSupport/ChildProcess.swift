import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn and reaped with wait4, so its peak memory (ru_maxrss) can be read.
///
/// Foundation's `Process` reaps its children itself and never shows their resource usage.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    let stdoutPath: String
    let stderrPath: String
    let started = ContinuousClock.now

    /// Starts `executable` with `arguments`, stdout and stderr going to files beside each other.
    public init(_ executable: String, _ arguments: [String], logPrefix: String) throws {
        stdoutPath = logPrefix + ".out"
        stderrPath = logPrefix + ".err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard status == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(status)))") }
        pid = child
    }

    /// How a finished child ended.
    public struct Exit: Sendable {
        public var status: Int32
        /// Peak resident memory over the child's life, in bytes.
        public var peakMemory: Int
        public var duration: Duration
    }

    /// Waits for the child to end.
    public func wait() -> Exit {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -(status & 0x7F)
        return Exit(status: exitCode, peakMemory: Int(usage.ru_maxrss) * 1024, duration: ContinuousClock.now - started)
    }

    /// Asks the child to stop (SIGTERM) and waits for it.
    public func terminate() -> Exit {
        kill(pid, SIGTERM)
        return wait()
    }

    public var standardOutput: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    public var standardError: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}

/// A failure of the benchmark harness itself.
public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
