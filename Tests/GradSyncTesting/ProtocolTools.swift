import Foundation

/// The Python tools of the repository's `protocol/tools/`, written from the spec alone, run as a third party would.
public enum ProtocolTools {
    /// The repository root: three levels above this file (`Tests/GradSyncTesting/ProtocolTools.swift`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `protocol/tools/<name>` run with `python3` and `arguments` from the repository root: its standard output and
    /// exit status.
    public static func run(_ name: String, _ arguments: [String]) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("protocol/tools/" + name).path] + arguments
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }
}
