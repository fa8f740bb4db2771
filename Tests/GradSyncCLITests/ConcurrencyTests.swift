import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// Fifty department replicas syncing with one node at once while a secretary edits one of them.
@Suite(.serialized) struct ConcurrencyTests {
    @Test func fiftyReplicasSyncAtOnceWhileASecretaryEditsAndAllConverge() throws {
        let directory = try TemporaryDirectory()
        let central = CommandRunner(home: directory.file("central"))
        _ = try central.run(["init", "--central"])
        let departments = (0..<10).map { "D\($0)" }
        var replicas: [(runner: CommandRunner, department: String, token: String)] = []
        for (index, department) in departments.enumerated() {
            let token = try central.run(["token", "issue", "--department", department]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            for copy in 0..<5 {
                let runner = CommandRunner(home: directory.file("r\(index)-\(copy)"))
                #expect(try runner.run(["init", "--department", department]).exitCode == 0)
                let store = try ReplicaStore.open(at: runner.home + "/replica.sqlite")
                for record in 0..<10 {
                    try store.write(RecordID.graduate("\(index)\(copy)\(record)", in: department),
                                    fields: ["name": .string("n\(record)"), "grad_year": .integer(2024)], mode: .create, author: "seed")
                }
                replicas.append((runner, department, token))
            }
        }
        let node = try LiveNode(home: central.home)
        let secretaryStore = try ReplicaStore.open(at: replicas[0].runner.home + "/replica.sqlite")
        let secretaryRecord = RecordID.graduate("000", in: replicas[0].department)

        for round in 0..<3 {
            // Every sync process is started before any is waited for, so all fifty really run at once.
            let running = try replicas.map { replica in
                try replica.runner.start(["sync", "--remote", node.url, "--token", replica.token, "--timeout", "300"])
            }
            if round == 0 {
                for step in 0..<50 {
                    try secretaryStore.write(secretaryRecord, fields: ["phone": .string("1380000\(String(format: "%04d", step))")],
                                             mode: .update, author: "secretary")
                }
            }
            let results = running.map { $0.wait() }
            let codes = results.map(\.exitCode)
            #expect(results.allSatisfy { !$0.stderr.lowercased().contains("busy") && !$0.stderr.contains("locked") }, "busy errors must never surface")
            #expect(codes.allSatisfy { $0 == 0 }, "round \(round): exit codes \(codes.filter { $0 != 0 })")
        }

        let centralStore = try ReplicaStore.open(at: central.home + "/replica.sqlite")
        #expect(try centralStore.changeCount() == 50 * 20 + 50)
        #expect(try centralStore.maintenance.verify().isHealthy)
        for department in departments {
            let expected = try centralStore.maintenance.materializedState().lines.filter { $0.hasPrefix("\(department)/") }
            for replica in replicas where replica.department == department {
                let store = try ReplicaStore.open(at: replica.runner.home + "/replica.sqlite")
                #expect(try store.maintenance.materializedState().lines == expected, "\(replica.runner.home) differs from the node")
            }
        }
        #expect(try centralStore.record(secretaryRecord)?.fields["phone"] == .string("13800000049"))
    }
}
