import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// `gradsync sync` with a token other than the one a replica id is bound to exits 4 with `replica_claimed`, until
/// that token is revoked: then the reissued token takes the id over and nothing is lost.
@Suite struct ReplicaClaimCommandTests {
    @Test func anotherTokenForABoundReplicaExitsFourUntilTheFirstIsRevoked() throws {
        let directory = try TemporaryDirectory()
        let central = CommandRunner(home: directory.file("central"))
        try #require(try central.run(["init", "--central"]).exitCode == 0)
        let issue = { try central.run(["token", "issue", "--department", "AUTO"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        let first = try issue()
        let reissued = try issue()
        let node = try LiveNode(home: central.home)
        defer { node.stop() }
        let auto = CommandRunner(home: directory.file("auto"))
        try #require(try auto.run(["init", "--department", "AUTO"]).exitCode == 0)
        func write(_ key: String) throws {
            let store = try ReplicaStore.open(at: auto.home + "/replica.sqlite")
            try store.write(.graduate(key, in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "a")
            try store.close()
        }
        func sync(_ token: String) throws -> (code: Int32, object: [String: Any]) {
            let result = try auto.run(["sync", "--remote", node.url, "--token", token, "--json"])
            return (result.exitCode, try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:])
        }

        try write("2020001")
        #expect(try sync(first).code == 0)
        try write("2020002")
        let refused = try sync(reissued)
        #expect(refused.code == 4, "\(refused.object)")
        #expect(refused.object["status"] as? String == "unauthorized")
        #expect(refused.object["code"] as? String == "replica_claimed")

        let firstID = String(first.split(separator: ".")[1])
        #expect(try central.run(["token", "revoke", firstID]).exitCode == 0)
        let moved = try sync(reissued)
        #expect(moved.code == 0, "\(moved.object)")
        let centralStore = try ReplicaStore.open(at: central.home + "/replica.sqlite")
        #expect(try centralStore.records(collection: "graduate").count == 2, "both records reached the node")
        try centralStore.close()
    }
}
