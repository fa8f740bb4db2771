import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// Several `gradsync` processes writing one replica at once never reuse or reorder stamps or seqs.
@Suite struct MultiProcessWriteTests {
    @Test func concurrentProcessesWritingOneReplicaKeepStampsAndSeqsStrictlyIncreasing() throws {
        let directory = try TemporaryDirectory()
        let runner = CommandRunner(home: directory.file("auto"))
        #expect(try runner.run(["init", "--department", "AUTO"]).exitCode == 0)
        let running = try (0..<16).map { index in
            try runner.start(["graduate", "add", String(2_020_100 + index), "name=学生\(index)", "gender=\(1 + index % 2)",
                              "degree_level=本科", "grad_year=2024"])
        }
        let results = running.map { $0.wait() }
        #expect(results.allSatisfy { $0.exitCode == 0 }, "\(results.filter { $0.exitCode != 0 }.map(\.stderr))")
        let changes = try ReplicaStore.open(at: runner.home + "/replica.sqlite").allChanges()
        #expect(changes.count >= 16 * 5)
        #expect(changes.map(\.id.seq) == Array(1...UInt64(changes.count)), "gap-free seqs in storage order")
        #expect(zip(changes, changes.dropFirst()).allSatisfy { $0.hlc < $1.hlc }, "stamps strictly increase with seq")
        #expect(try runner.run(["verify"]).exitCode == 0)
    }
}
