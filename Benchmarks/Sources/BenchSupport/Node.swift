import Foundation

/// `gradsync serve` on a free loopback port, behind a counting proxy.
public final class Node {
    public let process: ChildProcess
    public let port: Int

    /// Starts the node for the replica in `home` and waits until it listens.
    public init(gradsync: String, home: String, logPrefix: String, arguments: [String] = []) throws {
        process = try ChildProcess(gradsync, ["serve", "--home", home, "--port", "0"] + arguments, logPrefix: logPrefix)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let log = process.standardError
            if let range = log.range(of: #"on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression),
               let port = Int(log[range].split(separator: ":").last ?? "") {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        _ = process.terminate()
        throw BenchError("gradsync serve did not start: \(process.standardError)")
    }

    /// Stops the node; returns its peak memory in bytes.
    public func stop() -> Int { process.terminate().peakMemory }
}
