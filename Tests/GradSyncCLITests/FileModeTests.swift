import Foundation
import GradSyncTesting
import Testing

/// Every file the built binary writes is its owner's alone (0600, directories 0700), even when it runs
/// under the usual umask of 022 that would leave them readable by everyone.
@Suite struct FileModeTests {
    let directory: TemporaryDirectory
    let cli: CommandRunner

    init() throws {
        directory = try TemporaryDirectory()
        cli = CommandRunner(home: directory.file("home"), umask: "022")
    }

    /// The permission bits of `path`.
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    /// Sets the permission bits of `path`.
    static func setMode(_ path: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @discardableResult
    func succeed(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandRunner.Result {
        let result = try cli.run(arguments)
        #expect(result.exitCode == 0, "gradsync \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    @Test func initMakesAnOwnerOnlyDirectoryAndDatabase() throws {
        try succeed(["init", "--department", "AUTO"])
        #expect(try Self.mode(cli.home) == 0o700)
        #expect(try Self.mode(cli.home + "/replica.sqlite") == 0o600)
        try succeed(["remote", "set", "http://127.0.0.1:9", "--token", "gs1.x"])
        #expect(try Self.mode(cli.home + "/settings.json") == 0o600)
    }

    @Test func theDatabaseWriteAheadLogAndSharedMemoryOfAServingNodeAreOwnerOnly() throws {
        try succeed(["init", "--central"])
        let node = try LiveNode(home: cli.home, umask: "022")
        defer { node.stop() }
        for suffix in ["-wal", "-shm"] {
            let path = cli.home + "/replica.sqlite" + suffix
            #expect(FileManager.default.fileExists(atPath: path), "a serving node keeps \(suffix) open")
            #expect(try Self.mode(path) == 0o600, "\(suffix)")
        }
    }

    @Test func backupsAreOwnerOnly() throws {
        try succeed(["init", "--department", "AUTO"])
        let backup = directory.file("backup.sqlite")
        try succeed(["backup", backup])
        #expect(try Self.mode(backup) == 0o600)
        let restored = CommandRunner(home: directory.file("restored"), umask: "022")
        #expect(try restored.run(["restore", backup]).exitCode == 0)
        #expect(try Self.mode(restored.home) == 0o700)
        #expect(try Self.mode(restored.home + "/replica.sqlite") == 0o600)
    }

    @Test(arguments: [false, true])
    func exportsAreOwnerOnlyWithOrWithoutSensitiveFields(_ sensitive: Bool) throws {
        try succeed(["init", "--department", "AUTO"])
        try succeed(["graduate", "add", "2020001"] + employedFields)
        let output = directory.file("export.csv")
        try succeed(["export", "--output", output] + (sensitive ? ["--include-sensitive"] : []))
        #expect(try Self.mode(output) == 0o600)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("2020001"))
    }

    @Test func anExportReplacingAWiderFileNarrowsIt() throws {
        try succeed(["init", "--department", "AUTO"])
        let output = directory.file("old.json")
        try "old".write(toFile: output, atomically: false, encoding: .utf8)
        try Self.setMode(output, 0o644)
        try succeed(["export", "--format", "json", "--output", output, "--include-sensitive"])
        #expect(try Self.mode(output) == 0o600)
        #expect(try String(contentsOfFile: output, encoding: .utf8) != "old")
    }

    @Test func tokenIssueWritesANewOwnerOnlyFileAndPrintsNoSecret() throws {
        try succeed(["init", "--central"])
        let file = directory.file("auto.token")
        let result = try succeed(["token", "issue", "--department", "AUTO", "--output", file])
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(file))
        #expect(try Self.mode(file) == 0o600)
        let token = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("gs1."))

        let again = try cli.run(["token", "issue", "--department", "AUTO", "--output", file])
        #expect(again.exitCode == 2)
        #expect(again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == token)
        #expect(try cli.run(["token", "list"]).stdout.split(separator: "\n").count == 1, "the refused run issued nothing")
    }

    @Test func aRefusedTokenLeavesNoFile() throws {
        try succeed(["init", "--department", "AUTO"])
        let file = directory.file("other.token")
        let result = try cli.run(["token", "issue", "--department", "CHEM", "--output", file])
        #expect(result.exitCode == 2)
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func initTightensAnExistingWideDirectory() throws {
        try FileManager.default.createDirectory(atPath: cli.home, withIntermediateDirectories: true)
        try Self.setMode(cli.home, 0o755)
        let result = try succeed(["init", "--department", "AUTO"])
        #expect(try Self.mode(cli.home) == 0o700)
        #expect(result.stderr.components(separatedBy: "tightened permissions").count == 2, "said once: \(result.stderr)")
    }

    @Test func aReplicaDirectoryReachedThroughASymbolicLinkIsTightenedToo() throws {
        try succeed(["init", "--department", "AUTO"])
        try Self.setMode(cli.home, 0o755)
        let link = directory.file("link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: cli.home)
        let result = try CommandRunner(home: link, umask: "022").run(["status"])
        #expect(result.exitCode == 0)
        #expect(result.stderr.contains("tightened permissions"))
        #expect(try Self.mode(cli.home) == 0o700)
    }

    @Test func openingAReplicaTightensItsDirectoryAndFilesOnceAndSaysSo() throws {
        try succeed(["init", "--department", "AUTO"])
        try succeed(["remote", "set", "http://127.0.0.1:9", "--token", "gs1.x"])
        try Self.setMode(cli.home, 0o755)
        try Self.setMode(cli.home + "/replica.sqlite", 0o644)
        try Self.setMode(cli.home + "/settings.json", 0o640)
        let notes = directory.file("home/notes.txt")
        try "a secretary's own file".write(toFile: notes, atomically: false, encoding: .utf8)
        try Self.setMode(notes, 0o644)

        let first = try succeed(["status"])
        #expect(first.stderr.components(separatedBy: "tightened permissions").count == 2, "said once: \(first.stderr)")
        #expect(first.stderr.contains("replica.sqlite") && first.stderr.contains("settings.json"))
        #expect(try Self.mode(cli.home) == 0o700)
        #expect(try Self.mode(cli.home + "/replica.sqlite") == 0o600)
        #expect(try Self.mode(cli.home + "/settings.json") == 0o600)
        #expect(try Self.mode(notes) == 0o644, "files that are not the replica's are left alone")

        let second = try succeed(["status"])
        #expect(!second.stderr.contains("tightened"))
    }
}
