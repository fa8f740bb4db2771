import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// `gradsync sync` end to end: the built binary against a live node on a loopback port.
@Suite(.serialized) struct SyncCommandTests {
    let directory: TemporaryDirectory
    let central: CommandRunner
    let node: LiveNode

    init() throws {
        directory = try TemporaryDirectory()
        central = CommandRunner(home: directory.file("central"))
        try #require(try central.run(["init", "--central"]).exitCode == 0)
        node = try LiveNode(home: directory.file("central"))
    }

    /// A department replica with a token for the node.
    func department(_ name: String, _ code: String) throws -> CommandRunner {
        let runner = CommandRunner(home: directory.file(name))
        try #require(try runner.run(["init", "--department", code]).exitCode == 0)
        let token = try central.run(["token", "issue", "--department", code]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let tokenFile = directory.file("\(name).token")
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        try #require(try runner.run(["remote", "set", node.url, "--token-file", tokenFile]).exitCode == 0)
        return runner
    }

    func store(_ runner: CommandRunner) throws -> ReplicaStore { try ReplicaStore.open(at: runner.home + "/replica.sqlite") }

    func syncJSON(_ runner: CommandRunner, _ extra: [String] = []) throws -> (code: Int32, object: [String: Any]) {
        let result = try runner.run(["sync", "--json"] + extra)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1, "stdout must be exactly one JSON object: \(result.stdout)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(object["exit_code"] as? Int == Int(result.exitCode))
        return (result.exitCode, object)
    }

    @Test func departmentsAndCentralConvergeWithConflictsJournaledEverywhere() throws {
        let autoA = try department("autoA", "AUTO")
        let autoB = try department("autoB", "AUTO")
        let cs = try department("cs", "CS")
        let student = RecordID.graduate("2020001", in: "AUTO")
        try store(autoA).write(student, fields: ["name": .string("张三"), "grad_year": .integer(2024)], mode: .create, author: "a")
        try store(cs).write(RecordID.graduate("2020500", in: "CS"), fields: ["name": .string("李四")], mode: .create, author: "c")
        #expect(try syncJSON(autoA).code == 0)
        #expect(try syncJSON(autoB).code == 0)
        // Offline, both AUTO replicas edit the same field.
        try store(autoA).write(student, fields: ["employer_name": .string("甲公司")], mode: .update, author: "a")
        try store(autoB).write(student, fields: ["employer_name": .string("乙公司")], mode: .update, author: "b")
        for runner in [cs, autoB, autoA, autoB, cs] {
            let (code, object) = try syncJSON(runner)
            #expect(code == 0, "\(object)")
            #expect(object["status"] as? String == "ok")
        }
        let stores = try [autoA, autoB].map(store)
        let centralStore = try ReplicaStore.open(at: central.home + "/replica.sqlite")
        #expect(try stores[0].maintenance.materializedState() == stores[1].maintenance.materializedState())
        let autoScope = try Scope.department("AUTO")
        let centralAuto = try centralStore.maintenance.materializedState().lines.filter { $0.hasPrefix("AUTO/") }
        #expect(try stores[0].maintenance.materializedState().lines == centralAuto)
        #expect(try centralStore.records(collection: "graduate").count == 2)
        #expect(try store(cs).records(collection: "graduate").map(\.id.scope) == [try Scope.department("CS")])
        #expect(try stores[0].records(collection: "graduate").allSatisfy { $0.id.scope == autoScope })
        for replica in stores + [centralStore] {
            let journal = try replica.conflicts()
            #expect(journal.count == 1)
            if case .field(let record, let field, let heads) = journal.first {
                #expect(record == student && field == "employer_name" && heads.count == 2)
            }
        }
    }

    @Test func syncWithNothingNewIsOneHandshakeWhoseSizeDoesNotGrowWithTheStore() throws {
        let auto = try department("auto", "AUTO")
        #expect(try syncJSON(auto).code == 0)
        let before = node.stderr.components(separatedBy: "route=/v1/sync/").count
        let (code, object) = try syncJSON(auto)
        #expect(code == 0)
        #expect(object["pushed"] as? Int == 0 && object["pulled"] as? Int == 0)
        let requests = node.stderr.components(separatedBy: "route=/v1/sync/").count - before
        #expect(requests == 1, "a sync with nothing new must be one round trip")
    }

    @Test func badTokenExitsFourAndRevokedTokenToo() throws {
        let auto = try department("auto", "AUTO")
        let (code, object) = try syncJSON(auto, ["--token", "gs1.0000000000000000.\(String(repeating: "0", count: 64))"])
        #expect(code == 4 && object["status"] as? String == "unauthorized" && object["code"] as? String == "unauthorized")
        let tokens = try central.run(["token", "list", "--json"]).stdout
        let listed = try JSONSerialization.jsonObject(with: Data(tokens.utf8)) as? [String: [[String: String]]]
        let id = try #require(listed?["tokens"]?.first?["id"])
        #expect(try central.run(["token", "revoke", id]).exitCode == 0)
        #expect(try syncJSON(auto).code == 4)
    }

    @Test func tokenOfAnotherDepartmentIsRefusedWithExitFourAndNothingApplied() throws {
        let auto = try department("auto", "AUTO")
        try store(auto).write(RecordID.graduate("1", in: "AUTO"), fields: ["name": .string("x")], mode: .create, author: "a")
        let csToken = try central.run(["token", "issue", "--department", "CS"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let (code, object) = try syncJSON(auto, ["--token", csToken])
        #expect(code == 4 && object["code"] as? String == "forbidden_scope")
        #expect(try ReplicaStore.open(at: central.home + "/replica.sqlite").changeCount() == 0)
    }

    @Test func unreachableRemoteExitsThreeAndMissingRemoteExitsTwo() throws {
        let auto = try department("auto", "AUTO")
        let (code, object) = try syncJSON(auto, ["--remote", "http://127.0.0.1:9", "--timeout", "3"])
        #expect(code == 3 && object["status"] as? String == "unreachable")
        let bare = CommandRunner(home: directory.file("bare"))
        #expect(try bare.run(["init", "--department", "AUTO"]).exitCode == 0)
        let (usage, summary) = try syncJSON(bare)
        #expect(usage == 2 && summary["status"] as? String == "usage")
        let (flag, _) = try syncJSON(bare, ["--no-such-flag"])
        #expect(flag == 2)
    }

    @Test func forkedReplicaIsRefusedWithExitFiveNamingTheReplica() throws {
        let auto = try department("auto", "AUTO")
        try store(auto).write(RecordID.graduate("1", in: "AUTO"), fields: ["name": .string("x")], mode: .create, author: "a")
        let copy = CommandRunner(home: directory.file("copy"))
        try FileManager.default.copyItem(atPath: auto.home, toPath: copy.home)
        try store(auto).write(RecordID.graduate("2", in: "AUTO"), fields: ["name": .string("original")], mode: .create, author: "a")
        try store(copy).write(RecordID.graduate("3", in: "AUTO"), fields: ["name": .string("copy")], mode: .create, author: "a")
        #expect(try syncJSON(auto).code == 0)
        let (code, object) = try syncJSON(copy)
        #expect(code == 5 && object["code"] as? String == "replica_fork")
        #expect((object["error"] as? String)?.contains(try store(copy).replicaID.hex) == true)
    }

    @Test func concurrentSyncOfOneReplicaExitsSixWhileTheLockIsHeld() throws {
        let auto = try department("auto", "AUTO")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [auto.home + "/sync.lock", "sleep", "5"]
        try holder.run()
        Thread.sleep(forTimeInterval: 0.5)
        let (code, object) = try syncJSON(auto)
        #expect(code == 6 && object["status"] as? String == "locked")
        holder.terminate()
        holder.waitUntilExit()
        #expect(try syncJSON(auto).code == 0)
    }

    @Test func farAheadClockIsWarnedButSyncSucceeds() throws {
        let auto = try department("auto", "AUTO")
        let offset = CommandRunner(home: auto.home, environment: ["GRADSYNC_CLOCK_OFFSET_MS": String(8 * 3_600_000)])
        let result = try offset.run(["sync", "--json"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("clock_suspect"))
        #expect(result.stderr.contains("ahead"))
    }
}
