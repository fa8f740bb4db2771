import Foundation

/// A `gradsync serve` process on a free loopback port, started from the built binary.
public final class LiveNode: @unchecked Sendable {
    // `process` and `stderrLog` are set once in init and only read afterwards; the log buffer has its own lock.
    private let process: Process
    private let log = LockedBuffer()
    /// The node's base URL, e.g. `http://127.0.0.1:40123`.
    public let url: String

    /// Starts serving the replica in `home` and waits until it listens.
    ///
    /// `umask` (octal) and `ulimit` (e.g. `-n 1024`, or `-S -n 256` for the soft limit only) set the node's file-mode
    /// mask and open-file limit: the node is then started by `/bin/sh`, which sets them and becomes the node (so the
    /// process id is the node's).
    public init(home: String, extraArguments: [String] = [], environment: [String: String] = [:], umask: String? = nil,
                ulimit: String? = nil) throws {
        process = Process()
        (process.executableURL, process.arguments) = CommandRunner.launch(["serve", "--home", home, "--port", "0"] + extraArguments,
                                                                          umask: umask, ulimit: ulimit)
        var env = ProcessInfo.processInfo.environment
        for (name, value) in environment { env[name] = value }
        process.environment = env
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let log = self.log
        errors.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { log.append(data) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while found == nil, Date() < deadline, process.isRunning {
            if let range = log.text.range(of: #"on https?://[0-9.]+:[0-9]+"#, options: .regularExpression) {
                found = String(log.text[range].dropFirst(3))
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        guard let found else {
            process.terminate()
            throw LiveNodeError.didNotStart(log.text)
        }
        url = found
    }

    /// Everything the node wrote to stderr so far.
    public var stderr: String { log.text }

    /// The process id, for tests that kill it.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Stops the node with SIGTERM and waits for it to exit; returns its exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

/// Why a node could not be started.
public enum LiveNodeError: Error {
    case didNotStart(String)
}

/// A byte buffer appended from a pipe's handler thread and read by the test.
final class LockedBuffer: @unchecked Sendable {
    // Guarded by `lock`.
    private var data = Data()
    private let lock = NSLock()

    func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
