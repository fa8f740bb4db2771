import Foundation
import GRDB
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// `gradsync graduate history` says what proves who wrote each entry: the binary against a live node.
@Suite(.serialized) struct HistoryProofCommandTests {
    @Test func theCentralNodesHistoryMarksALaptopsSignedChangesVerifiedWithItsTokenLabel() throws {
        let directory = try TemporaryDirectory()
        let central = CommandRunner(home: directory.file("central"))
        try #require(try central.run(["init", "--central"]).exitCode == 0)
        let node = try LiveNode(home: directory.file("central"))
        let laptop = CommandRunner(home: directory.file("laptop"))
        try #require(try laptop.run(["init", "--department", "AUTO"]).exitCode == 0)
        let tokenFile = directory.file("laptop.token")
        let issued = try central.run(["token", "issue", "--department", "AUTO", "--label", "自动化学院 秘书", "--output", tokenFile])
        try #require(issued.exitCode == 0, "\(issued.stderr)")
        try #require(try laptop.run(["remote", "set", node.url, "--token-file", tokenFile]).exitCode == 0)
        try #require(try laptop.run(["graduate", "add", "2021010101"] + employedFields).exitCode == 0)
        let synced = try laptop.run(["sync", "--json"])
        #expect(synced.exitCode == 0, "\(synced.stdout) \(synced.stderr)")
        // The central office corrects a field on its own replica.
        try #require(try central.run(["graduate", "set", "2021010101", "--department", "AUTO", "employer_name=福州智控科技股份有限公司"]).exitCode == 0)

        let entries = try CLIReplica.json(try central.run(["graduate", "history", "2021010101", "--department", "AUTO", "--json"]).stdout).items
        let laptopID = try CLIReplica.json(try laptop.run(["status", "--json"]).stdout)["replica_id"]?.stringValue
        let fingerprint = try CLIReplica.json(try laptop.run(["status", "--json"]).stdout)["key_fingerprint"]
        let fromLaptop = entries.filter { $0["origin"]?.stringValue == laptopID }
        #expect(fromLaptop.count == employedFields.count + 1, "every field and the student number's department row: \(entries.count) entries")
        for entry in fromLaptop {
            #expect(entry["proof"] == .string("verified"))
            #expect(entry["verified_by"]?["token_label"] == .string("自动化学院 秘书"))
            #expect(entry["verified_by"]?["scope"] == .string("AUTO"))
            #expect(entry["verified_by"]?["key_fingerprint"] == fingerprint)
        }
        let own = entries.filter { $0["origin"]?.stringValue != laptopID }
        #expect(own.count == 1 && own.first?["proof"] == .string("own") && own.first?["verified_by"] == nil)
        let table = try central.run(["graduate", "history", "2021010101", "--department", "AUTO"]).stdout
        #expect(table.contains("来源") && table.contains("已验证 自动化学院 秘书 (AUTO)") && table.contains("本机"), "\(table)")

        // On the laptop, its own entries are its own; the office's correction came by a pull with the node's tip of its
        // own stream, verified with the key the node named (pinned at first sight, SPEC 7).
        #expect(try laptop.run(["sync", "--json"]).exitCode == 0)
        let onLaptop = try CLIReplica.json(try laptop.run(["graduate", "history", "2021010101", "--json"]).stdout).items
        #expect(onLaptop.filter { $0["proof"] == .string("own") }.count == fromLaptop.count)
        let correction = try #require(onLaptop.first { $0["proof"] == .string("verified") })
        #expect(onLaptop.count == fromLaptop.count + 1 && correction["field"] == .string("employer_name"))
        #expect(correction["verified_by"]?["scope"] == .string("*") && correction["verified_by"]?["learned_from"] == .string(node.url),
                "\(correction)")
        #expect(try laptop.run(["graduate", "history", "2021010101"]).stdout.contains("已验证 中心节点 (全校)"))

        // The department's log as evidence: the independent checker finds every change proven by its writer's key.
        let audit = directory.file("auto-audit.json")
        let exported = try central.run(["audit", "export", "--department", "AUTO", "--output", audit])
        #expect(exported.exitCode == 0 && exported.stderr.contains("signed tip"), "\(exported.stderr)")
        let (checked, checkedStatus) = try Self.auditCheck(audit)
        #expect(checkedStatus == 0, "\(checked)")
        #expect(checked.contains("stream of \(laptopID ?? "") in scope AUTO: \(fromLaptop.count) change(s); seqs 1-\(fromLaptop.count) proven"),
                "\(checked)")
        #expect(checked.contains("0 not proven") && !checked.contains("signatures not checked"), "\(checked)")
        #expect(try central.run(["audit", "export", "--department", "au to"]).exitCode == 2)

        // `verify` checks every signed tip against the log and its origin's key; a change altered in the file is caught.
        let verified = try CLIReplica.json(try central.run(["verify", "--json"]).stdout)
        #expect(verified["healthy"] == .bool(true) && verified["signed_tips"] == .integer(1), "the laptop's tip (a short walk of its own stream is not noted): \(verified)")
        #expect(try CLIReplica.json(try laptop.run(["verify", "--json"]).stdout)["signed_tips"] == .integer(2), "its own tip and the node's")
        _ = node.stop()
        let queue = try DatabaseQueue(path: directory.file("central/replica.sqlite"))
        try queue.write { db in
            try db.execute(sql: """
                UPDATE gs_change SET value = '"某某公司"'
                WHERE field = 'employer_name' AND origin = (SELECT id FROM gs_origin WHERE replica_id = ?)
                """, arguments: [laptopID])
        }
        try queue.close()
        let tampered = try central.run(["verify", "--json"])
        #expect(tampered.exitCode == 1)
        let report = try CLIReplica.json(tampered.stdout)
        #expect(report["healthy"] == .bool(false))
        #expect(report["tip_problems"]?.items.contains { $0.stringValue?.contains("does not match the hash stored with it") == true } == true,
                "\(report)")
        #expect(report["tip_problems"]?.items.contains { $0.stringValue?.contains("does not give the chain digest") == true } == true)
        // The export of the altered log carries the stored hash beside the altered change: the checker says so.
        let altered = directory.file("auto-audit-altered.json")
        #expect(try central.run(["audit", "export", "--department", "AUTO", "--output", altered]).exitCode == 0)
        let (alteredOutput, alteredStatus) = try Self.auditCheck(altered)
        #expect(alteredStatus == 1 && alteredOutput.contains("the change was altered"), "\(alteredOutput)")
    }

    /// `protocol/tools/audit_check.py` on `file`: its output and exit status.
    static func auditCheck(_ file: String) throws -> (String, Int32) {
        try ProtocolTools.run("audit_check.py", [file])
    }
}
