import Foundation
import GradSyncCore
import GradSyncTesting

/// The repository's `protocol/` folder, read from the source tree (it lives outside `Tests/`, so it is no resource).
enum ProtocolFolder {
    /// The repository root: three levels above this file (`Tests/GradSyncSyncTests/ProtocolFolder.swift`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `protocol/` itself.
    static let url = root.appendingPathComponent("protocol")

    /// A file under `protocol/`, e.g. `examples/push-request.json`.
    static func file(_ relativePath: String) -> URL { url.appendingPathComponent(relativePath) }

    /// The JSON files of a subfolder, sorted by name.
    static func jsonFiles(in folder: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: url.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The text of a file under the repository root.
    static func text(atRoot relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// A JSON document as a value, so two documents compare by meaning (member order and spacing aside).
    static func jsonValue(_ data: Data) throws -> FieldValue {
        try JSONDecoder().decode(FieldValue.self, from: data)
    }

    /// A Python tool of `protocol/tools/` (written from the spec alone) run with `arguments` from the repository
    /// root; its standard output and exit status.
    static func runTool(_ name: String, _ arguments: [String]) throws -> (output: String, status: Int32) {
        try ProtocolTools.run(name, arguments)
    }
}
