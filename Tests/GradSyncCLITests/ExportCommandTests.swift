import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

@Suite struct ExportCommandTests {
    @Test func jsonExportIsCanonicalAndIdenticalOnReplicasHoldingTheSameChanges() throws {
        let laptop = try CLIReplica(["--department", "AUTO"])
        let office = try CLIReplica(["--department", "AUTO"])
        try laptop.succeed(["graduate", "add", "2021010102"] + unplacedFields)
        try laptop.succeed(["graduate", "add", "2021010101"] + employedFields)
        try office.succeed(["graduate", "add", "2021010103"] + unplacedFields)
        try laptop.send(to: office)
        try office.send(to: laptop)
        let first = try laptop.succeed(["export", "--format", "json"])
        let second = try office.succeed(["export", "--format", "json"])
        #expect(first == second)
        let records = try CLIReplica.json(first).items
        #expect(records.map { $0["student_no"] } == ["2021010101", "2021010102", "2021010103"].map(FieldValue.string))
        #expect(first == (try CLIReplica.json(first)).canonicalJSON + "\n")
    }

    @Test func deletedGraduatesAreLeftOutUnlessAskedForAndThenMarked() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        try auto.succeed(["graduate", "add", "2021010101"] + unplacedFields)
        try auto.succeed(["graduate", "add", "2021010102"] + unplacedFields)
        try auto.succeed(["graduate", "delete", "2021010102"])
        #expect(try CLIReplica.json(try auto.succeed(["export", "--format", "json"])).items.count == 1)
        let all = try CLIReplica.json(try auto.succeed(["export", "--format", "json", "--include-deleted"])).items
        #expect(all.map { $0["deleted"] } == [nil, .bool(true)])
    }

    @Test func sensitiveExportIncludesKeyGroupsAndIsWrittenToTheAuditTrail() throws {
        let auto = try CLIReplica(["--department", "AUTO"], author: "secretary")
        try auto.succeed(["graduate", "add", "2021010101", "key_groups=残疾"] + unplacedFields)
        #expect(!(try auto.succeed(["export", "--format", "json"])).contains("残疾"))
        let before = try auto.changeCount()
        #expect(before == 7)
        let directory = try TemporaryDirectory()
        let file = directory.file("export.csv")
        let exported = try auto.run(["export", "--include-sensitive", "--output", file, "--encoding", "gb18030"])
        #expect(exported.exitCode == 0, "\(exported.stderr)")
        let data = try #require(FileManager.default.contents(atPath: file))
        #expect(String(data: data, encoding: .utf8) == nil)
        let store = try auto.openStore()
        defer { try? store.close() }
        let audit = try store.records(collection: "audit")
        #expect(audit.count == 1)
        #expect(audit.first?.id.scope == (try Scope.department("AUTO")))
        #expect(audit.first?.fields["action"] == .string("export_sensitive"))
        #expect(audit.first?.fields["author"] == .string("secretary"))
        #expect(audit.first?.fields["count"] == .integer(1))
        #expect(audit.first?.fields["scope"] == .string("AUTO"))
        #expect(audit.first?.fields["at"]?.stringValue?.isEmpty == false)
    }

    @Test func centralNodeAuditsSensitiveExportsInTheSharedScope() throws {
        let central = try CLIReplica(["--central"])
        try central.succeed(["export", "--format", "json", "--include-sensitive"])
        let store = try central.openStore()
        defer { try? store.close() }
        #expect(try store.records(collection: "audit", scope: .shared).count == 1)
    }

    @Test func jsonInAnotherEncodingIsAUsageError() throws {
        let auto = try CLIReplica(["--department", "AUTO"])
        #expect(try auto.run(["export", "--format", "json", "--encoding", "gb18030"]).exitCode == 2)
        #expect(try auto.run(["export", "--department", "CS"]).exitCode == 2)
    }
}
