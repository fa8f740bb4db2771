import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// SIGKILL the client or the node in the middle of large syncs, restart, and check nothing is lost or repeated.
@Suite(.serialized) struct CrashRecoveryTests {
    /// Trials per mode: 3 in CI, more with `GRADSYNC_CRASH_TRIALS`.
    static let trials = ProcessInfo.processInfo.environment["GRADSYNC_CRASH_TRIALS"].flatMap(Int.init) ?? 3

    /// A department replica with `records` graduates of 5 fields each, a central node, and a token file.
    struct Setup {
        let directory: TemporaryDirectory
        let central: CommandRunner
        let department: CommandRunner
        let tokenFile: String
        let changes: Int

        init(records: Int) throws {
            directory = try TemporaryDirectory()
            central = CommandRunner(home: directory.file("central"))
            department = CommandRunner(home: directory.file("auto"))
            _ = try central.run(["init", "--central"])
            _ = try department.run(["init", "--department", "AUTO"])
            tokenFile = directory.file("auto.token")
            try central.run(["token", "issue", "--department", "AUTO"]).stdout.write(toFile: tokenFile, atomically: true, encoding: .utf8)
            let store = try ReplicaStore.open(at: department.home + "/replica.sqlite")
            for index in 0..<records {
                try store.write(RecordID.graduate(String(2_020_000 + index), in: "AUTO"),
                                fields: ["name": .string("学生\(index)"), "gender": .string("\(1 + index % 2)"), "grad_year": .integer(2024),
                                         "major_name": .string("自动化"), "degree_level": .string("本科")],
                                mode: .create, author: "seed")
            }
            changes = records * 5
        }

        func sync(_ url: String, pageSize: Int = 100) -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandRunner.binaryPath)
            process.arguments = ["sync", "--home", department.home, "--remote", url, "--token-file", tokenFile, "--json", "--page-size", String(pageSize)]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
    }

    func checkConverged(_ setup: Setup) throws {
        let centralStore = try ReplicaStore.open(at: setup.central.home + "/replica.sqlite")
        let departmentStore = try ReplicaStore.open(at: setup.department.home + "/replica.sqlite")
        #expect(try centralStore.changeCount() == setup.changes, "every change present exactly once")
        #expect(try centralStore.maintenance.verify().isHealthy)
        #expect(try departmentStore.maintenance.verify().isHealthy)
        #expect(try centralStore.maintenance.materializedState() == departmentStore.maintenance.materializedState())
    }

    @Test func killedClientResumesWhereItStopped() throws {
        let setup = try Setup(records: 1_500)
        let node = try LiveNode(home: setup.central.home)
        var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970))
        var previous = 0
        for _ in 0..<Self.trials {
            let process = setup.sync(node.url, pageSize: 50)
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let held = try ReplicaStore.open(at: setup.central.home + "/replica.sqlite").changeCount()
            #expect(held >= previous, "committed pages stay committed")
            previous = held
        }
        let resumed = try setup.department.run(["sync", "--remote", node.url, "--token-file", setup.tokenFile, "--json"])
        #expect(resumed.exitCode == 0, "\(resumed.stdout)")
        let object = try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any]
        #expect(object?["pushed"] as? Int == setup.changes - previous, "the next sync resumes rather than restarting from zero")
        try checkConverged(setup)
    }

    @Test func killedNodeLosesNothingAndTheNextSyncCompletes() throws {
        let setup = try Setup(records: 1_500)
        var random = SplitMix64(seed: UInt64(Date().timeIntervalSince1970) &+ 1)
        for _ in 0..<Self.trials {
            let node = try LiveNode(home: setup.central.home)
            let process = setup.sync(node.url, pageSize: 50)
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4, using: &random))
            kill(node.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect([0, 3].contains(process.terminationStatus), "a dead node is 'unreachable' (3), or the sync had finished (0)")
            #expect(try ReplicaStore.open(at: setup.central.home + "/replica.sqlite").maintenance.verify().isHealthy)
        }
        let node = try LiveNode(home: setup.central.home)
        let final = try setup.department.run(["sync", "--remote", node.url, "--token-file", setup.tokenFile])
        #expect(final.exitCode == 0, "\(final.stderr)")
        try checkConverged(setup)
    }

    @Test func restoredBackupGetsANewIDAndTheOldStreamComesBack() throws {
        let setup = try Setup(records: 20)
        let node = try LiveNode(home: setup.central.home)
        let sync = ["sync", "--remote", node.url, "--token-file", setup.tokenFile]
        #expect(try setup.department.run(sync).exitCode == 0)
        let backup = setup.directory.file("backup.sqlite")
        #expect(try setup.department.run(["backup", backup]).exitCode == 0)
        let store = try ReplicaStore.open(at: setup.department.home + "/replica.sqlite")
        try store.write(RecordID.graduate("2029999", in: "AUTO"), fields: ["name": .string("after backup")], mode: .create, author: "a")
        #expect(try setup.department.run(sync).exitCode == 0)
        let restored = CommandRunner(home: setup.directory.file("restored"))
        #expect(try restored.run(["restore", backup]).exitCode == 0)
        let restoredStore = try ReplicaStore.open(at: restored.home + "/replica.sqlite")
        #expect(restoredStore.replicaID != store.replicaID)
        #expect(try restored.run(["sync", "--remote", node.url, "--token-file", setup.tokenFile]).exitCode == 0)
        #expect(try restoredStore.record(RecordID.graduate("2029999", in: "AUTO"))?.fields["name"] == .string("after backup"))
        try restoredStore.write(RecordID.graduate("2029999", in: "AUTO"), fields: ["name": .string("edited after restore")], mode: .update, author: "a")
        #expect(try restored.run(["sync", "--remote", node.url, "--token-file", setup.tokenFile]).exitCode == 0)
        #expect(try restored.run(["verify"]).exitCode == 0)
    }
}
