import Foundation

/// Runs the built `gradsync` binary, as scripts and people do, and captures what it prints.
public struct CommandRunner: Sendable {
    /// What one run produced.
    public struct Result: Sendable {
        /// The exit status.
        public var exitCode: Int32
        /// Everything written to stdout.
        public var stdout: String
        /// Everything written to stderr.
        public var stderr: String
    }

    /// The replica directory passed as `GRADSYNC_HOME`.
    public var home: String
    /// Extra environment variables.
    public var environment: [String: String]
    /// The file-creation mask the binary starts with (octal, e.g. "022"), or nil for this process's own.
    public var umask: String?

    /// A runner for the replica in `home`.
    public init(home: String, environment: [String: String] = [:], umask: String? = nil) {
        self.home = home
        self.environment = environment
        self.umask = umask
    }

    /// The built binary: a sibling of the test bundle in the build products folder.
    public static var binaryPath: String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("gradsync").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return testBinary.deletingLastPathComponent().appendingPathComponent("gradsync").path
    }

    /// The executable and arguments that start the binary with `arguments`, through `/bin/sh` when a
    /// umask is given (Process cannot set one, and a child inherits its parent's).
    public static func launch(_ arguments: [String], umask: String?, ulimit: String? = nil) -> (URL, [String]) {
        let settings = [umask.map { "umask \($0)" }, ulimit.map { "ulimit \($0)" }].compactMap { $0 }
        guard !settings.isEmpty else { return (URL(fileURLWithPath: binaryPath), arguments) }
        let script = (settings + ["exec \"$0\" \"$@\""]).joined(separator: " && ")
        return (URL(fileURLWithPath: "/bin/sh"), ["-c", script, binaryPath] + arguments)
    }

    /// Runs `gradsync ARGUMENTS`, feeding `input` on stdin, and waits for it to exit.
    @discardableResult
    public func run(_ arguments: [String], input: String? = nil) throws -> Result {
        try start(arguments, input: input).wait()
    }

    /// Starts `gradsync ARGUMENTS` without waiting, so many can run at the same time.
    public func start(_ arguments: [String], input: String? = nil) throws -> RunningCommand {
        let process = Process()
        (process.executableURL, process.arguments) = Self.launch(arguments, umask: umask)
        var env = ProcessInfo.processInfo.environment
        env["GRADSYNC_HOME"] = home
        env["GRADSYNC_AUTHOR"] = env["GRADSYNC_AUTHOR"] ?? "test"
        for (name, value) in environment { env[name] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a large output never blocks it.
        return RunningCommand(process: process, collected: ConcurrentRead(output.fileHandleForReading, errors.fileHandleForReading))
    }
}

/// A started `gradsync` process.
public struct RunningCommand {
    let process: Process
    let collected: ConcurrentRead

    /// Waits for the process to exit and returns what it printed.
    public func wait() -> CommandRunner.Result {
        process.waitUntilExit()
        let (out, err) = collected.wait()
        return CommandRunner.Result(exitCode: process.terminationStatus, stdout: out, stderr: err)
    }
}

/// Reads two file handles to their end on two dedicated threads (not the dispatch pool, which a
/// hundred blocking reads of fifty concurrent processes could exhaust).
final class ConcurrentRead: @unchecked Sendable {
    // Written once by each reader thread before the group is left; read only after `wait()`.
    private var first = Data()
    private var second = Data()
    private let group = DispatchGroup()

    init(_ a: FileHandle, _ b: FileHandle) {
        group.enter()
        group.enter()
        Thread.detachNewThread { self.first = a.readDataToEndOfFile(); self.group.leave() }
        Thread.detachNewThread { self.second = b.readDataToEndOfFile(); self.group.leave() }
    }

    func wait() -> (String, String) {
        group.wait()
        return (String(decoding: first, as: UTF8.self), String(decoding: second, as: UTF8.self))
    }
}
