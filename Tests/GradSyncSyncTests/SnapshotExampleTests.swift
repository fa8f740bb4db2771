import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import Testing

/// `protocol/examples/snapshot.gss`: the snapshot of vector 06's changes, made by the real writer, read back by the
/// real reader and by `protocol/tools/snapshot_read.py`, written from the spec alone.
///
/// Run with `GRADSYNC_WRITE_EXAMPLES=1` to rewrite it after a deliberate change to the format.
@Suite struct SnapshotExampleTests {
    static let path = "examples/snapshot.gss"

    static func changes() throws -> [Change] {
        try VectorTests.load("06-delete-while-edited.json").changes.map { try $0.change() }
    }

    /// The example's compressed bytes as the writer makes them.
    static func produced() throws -> [UInt8] {
        try SnapshotFormatTests.snapshot(try changes(), header: SnapshotFormatTests.header(for: try changes(), scope: .department(try .department("AUTO"))))
    }

    @Test func theExampleIsWhatTheWriterMakesOfVector06() throws {
        let produced = try Self.produced()
        if ProcessInfo.processInfo.environment["GRADSYNC_WRITE_EXAMPLES"] == "1" {
            try Data(produced).write(to: ProtocolFolder.file(Self.path))
        }
        let committed = [UInt8](try Data(contentsOf: ProtocolFolder.file(Self.path)))
        // The content, not the compressed bytes: another zlib may compress the same content otherwise.
        #expect(try SnapshotFormatTests.content(committed) == SnapshotFormatTests.content(produced))
        let (header, entries) = try SnapshotFormatTests.read(committed)
        #expect(entries.map(\.change) == (try Self.changes()))
        #expect(header.sharedScope == .department(try .department("AUTO")))
    }

    @Test func theSpecsWorkedExampleShowsTheExample() throws {
        let spec = try ProtocolFolder.text(atRoot: "protocol/SPEC.md")
        let committed = [UInt8](try Data(contentsOf: ProtocolFolder.file(Self.path)))
        let (header, entries) = try SnapshotFormatTests.read(committed)
        #expect(spec.contains("content (\(try SnapshotFormatTests.content(committed).count) bytes once inflated)"))
        for stream in header.streams {
            #expect(spec.contains("up to seq \(stream.seq), tip \(stream.tipHash.prefix(8))…"), "SPEC.md should show the tip of \(stream.stream)")
        }
        #expect(spec.contains("its content hash, \(entries[0].contentHash.prefix(8))…"))
        #expect(spec.contains("hlc \(entries[0].change.hlc.rawValue)"))
    }

    /// `protocol/tools/snapshot_read.py` run on `file`; its output and status.
    static func pythonReader(_ file: String, _ options: [String] = []) throws -> (output: String, status: Int32) {
        try ProtocolFolder.runTool("snapshot_read.py", options + [file])
    }

    @Test func thePythonReaderRecomputesEveryHashTheTipsAndTheDigest() throws {
        let changes = try Self.changes()
        let header = SnapshotFormatTests.header(for: changes, scope: .department(try .department("AUTO")))
        let digest = try #require(PageDigest.of(contentHashes: changes.map(\.contentHash)))
        let expected = ["scope AUTO"] + header.streams.map { "stream \($0.stream) \($0.seq) \($0.tipHash)" }
            + ["changes \(changes.count)", "digest \(digest)"]
        let (output, status) = try Self.pythonReader(ProtocolFolder.file(Self.path).path)
        #expect(status == 0)
        #expect(output == expected.joined(separator: "\n") + "\n")
        let (listed, _) = try Self.pythonReader(ProtocolFolder.file(Self.path).path, ["--changes"])
        #expect(listed.split(separator: "\n").filter { $0.hasPrefix("{") }.count == changes.count)
    }

    @Test func thePythonReaderRefusesATruncatedOrTamperedSnapshot() throws {
        let bytes = [UInt8](try Data(contentsOf: ProtocolFolder.file(Self.path)))
        let content = try SnapshotFormatTests.content(bytes)
        var tampered = content
        tampered[content.count / 2] ^= 0x20
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(String, [UInt8])] = [
            ("cut", Array(bytes[0..<bytes.count - 9])),
            ("cut-content", try Gzip.compress(Array(content[0..<content.count - 1]))),
            ("tampered", try Gzip.compress(tampered)),
            ("trailing", bytes + [0]),
        ]
        for (name, damaged) in cases {
            let file = directory.appendingPathComponent(name + ".gss")
            try Data(damaged).write(to: file)
            let (output, status) = try Self.pythonReader(file.path)
            #expect(status == 1, "\(name): \(output)")
            #expect(output.contains("refused"), "\(name): \(output)")
            #expect(throws: SnapshotFormatError.self) { _ = try SnapshotFormatTests.read(damaged) }
        }
    }
}
