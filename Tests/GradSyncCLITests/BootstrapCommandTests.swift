import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Testing

/// `gradsync sync` of an empty replica with a node that serves snapshots: SIGKILL mid-bootstrap leaves the replica
/// empty, never partly loaded, and the next sync completes.
@Suite(.serialized) struct BootstrapCommandTests {
    /// Enough graduates (5 fields each) that the node's default snapshot threshold of 10,000 changes is passed.
    static let records = 2_100

    /// Writes `records` graduates of AUTO, 5 fields each, into the central replica at `home`.
    static func seed(central home: String, records: Int = records) throws {
        let store = try ReplicaStore.open(at: home + "/replica.sqlite")
        defer { try? store.close() }
        let writes = (0..<records).map { index in
            RecordWrite(record: RecordID.graduate(String(2_020_000 + index), in: "AUTO"),
                        fields: ["name": .string("学生\(index)"), "gender": .string("\(1 + index % 2)"), "grad_year": .integer(2024),
                                 "major_name": .string("自动化"), "degree_level": .string("本科")], mode: .create)
        }
        try store.write(batch: writes, author: "office")
    }

    @Test func aKilledBootstrapLeavesTheReplicaEmptyAndTheNextSyncCompletes() throws {
        let directory = try TemporaryDirectory()
        let central = CommandRunner(home: directory.file("central"))
        let department = CommandRunner(home: directory.file("auto"))
        try #require(try central.run(["init", "--central"]).exitCode == 0)
        try #require(try department.run(["init", "--department", "AUTO"]).exitCode == 0)
        let tokenFile = directory.file("auto.token")
        try central.run(["token", "issue", "--department", "AUTO"]).stdout.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        try Self.seed(central: central.home)
        let node = try LiveNode(home: central.home)
        let download = department.home + "/snapshot-download.gss"

        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.binaryPath)
        process.arguments = ["sync", "--home", department.home, "--remote", node.url, "--token-file", tokenFile, "--json"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Killed as soon as the snapshot starts to arrive: the download is under way and nothing is committed yet.
        let giveUp = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: download) && process.isRunning && Date() < giveUp {
            Thread.sleep(forTimeInterval: 0.002)
        }
        try #require(FileManager.default.fileExists(atPath: download), "the sync never started a snapshot download")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let mode = try FileManager.default.attributesOfItem(atPath: download)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the download is the owner's alone")
        let killed = try ReplicaStore.open(at: department.home + "/replica.sqlite")
        #expect(try killed.changeCount() == 0, "a killed bootstrap leaves the replica empty")
        #expect(try killed.versionVector() == VersionVector())
        try killed.close()

        let resumed = try department.run(["sync", "--remote", node.url, "--token-file", tokenFile, "--json"])
        #expect(resumed.exitCode == 0, "\(resumed.stdout)")
        let object = try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any]
        #expect(object?["pulled"] as? Int == Self.records * 5)
        #expect(!FileManager.default.fileExists(atPath: download), "the download left by the killed sync is gone")
        let centralStore = try ReplicaStore.open(at: central.home + "/replica.sqlite")
        let departmentStore = try ReplicaStore.open(at: department.home + "/replica.sqlite")
        #expect(try departmentStore.maintenance.materializedState() == centralStore.maintenance.materializedState())
        #expect(try departmentStore.versionVector() == centralStore.versionVector())
        #expect(try departmentStore.maintenance.verify().isHealthy)
    }
}
