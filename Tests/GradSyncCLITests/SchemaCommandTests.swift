import Foundation
import GradSyncTesting
import Testing

/// `gradsync schema`, the generator of `protocol/schema/`: the committed files are exactly what it writes.
@Suite struct SchemaCommandTests {
    /// `protocol/schema/` in the source tree (three levels above this file).
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("protocol/schema")

    @Test func committedSchemaIsWhatTheCodeGenerates() throws {
        let directory = try TemporaryDirectory()
        let output = URL(fileURLWithPath: directory.file("schema"))
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let result = try CommandRunner(home: directory.file("home")).run(["schema", "--output", output.path])
        try #require(result.exitCode == 0, "\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(written == ["placement.json", "regions.json"])
        let committed = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(committed == written, "protocol/schema holds JSON files the generator does not write, or lacks some")
        for name in written {
            let fresh = try Data(contentsOf: output.appendingPathComponent(name))
            let published = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            #expect(fresh == published, "protocol/schema/\(name) differs from the code: run `gradsync schema --output protocol/schema`")
        }
    }

    @Test func schemaIsHiddenFromHelpAndNeedsAnExistingFolder() throws {
        let directory = try TemporaryDirectory()
        let cli = CommandRunner(home: directory.file("home"))
        let help = try cli.run(["--help"])
        #expect(help.exitCode == 0 && !help.stdout.contains("schema"))
        let missing = try cli.run(["schema", "--output", directory.file("nowhere")])
        #expect(missing.exitCode == 2)
        #expect(!FileManager.default.fileExists(atPath: directory.file("nowhere")))
    }
}
