import Foundation
import GradSyncCore
import Testing

@Suite struct ConflictsCommandTests {
    let laptop: CLIReplica
    let office: CLIReplica

    /// Two replicas of one department that both hold graduate 2021010101.
    init() throws {
        laptop = try CLIReplica(["--department", "AUTO"], author: "laptop-secretary")
        office = try CLIReplica(["--department", "AUTO"], author: "office-secretary")
        try laptop.succeed(["graduate", "add", "2021010101"] + unplacedFields)
        try laptop.send(to: office)
    }

    private func exchange() throws {
        try laptop.send(to: office)
        try office.send(to: laptop)
    }

    @Test func concurrentEditsAreListedWithEveryValueAndResolvedEverywhere() throws {
        try laptop.succeed(["graduate", "set", "2021010101", "destination_code=71"])
        try office.succeed(["graduate", "set", "2021010101", "destination_code=72"])
        try exchange()
        for replica in [laptop, office] {
            let journal = try CLIReplica.json(try replica.succeed(["conflicts", "--json"]))
            #expect(journal["count"] == .integer(1))
            let entry = try #require(journal["conflicts"]?.items.first)
            #expect(entry["kind"] == .string("field"))
            #expect(entry["field"] == .string("destination_code"))
            #expect(entry["department"] == .string("AUTO"))
            let heads = entry["heads"]?.items ?? []
            #expect(Set(heads.compactMap { $0["value"]?.stringValue }) == ["71", "72"])
            #expect(Set(heads.compactMap { $0["author"]?.stringValue }) == ["laptop-secretary", "office-secretary"])
            #expect(heads.filter { $0["shown"] == .bool(true) }.count == 1)
        }
        let shown = try laptop.succeed(["graduate", "show", "2021010101"])
        #expect(shown.contains("冲突 destination_code"))
        #expect(shown.contains("71（不就业拟升学）") && shown.contains("72（其他暂不就业）"))
        #expect(try laptop.succeed(["conflicts"]).contains("1 open conflict(s)"))

        #expect(try laptop.run(["conflicts", "resolve", "2021010101", "name", "张三"]).exitCode == 5)
        try laptop.succeed(["conflicts", "resolve", "2021010101", "destination_code", "71"])
        try exchange()
        for replica in [laptop, office] {
            #expect(try CLIReplica.json(try replica.succeed(["conflicts", "--json"]))["count"] == .integer(0))
            let json = try CLIReplica.json(try replica.succeed(["graduate", "show", "2021010101", "--json"]))
            #expect(json["fields"]?["destination_code"] == .string("71"))
        }
    }

    @Test func resolvingWithABadValueIsRefusedAndWritesNothing() throws {
        try laptop.succeed(["graduate", "set", "2021010101", "destination_code=71"])
        try office.succeed(["graduate", "set", "2021010101", "destination_code=72"])
        try exchange()
        let before = try laptop.changeCount()
        let refused = try laptop.run(["conflicts", "resolve", "2021010101", "destination_code", "10"])
        #expect(refused.exitCode == 5)
        #expect(refused.stderr.contains("单位名称：毕业去向为 10（签就业协议形式就业）时必填"))
        #expect(try laptop.changeCount() == before)
    }

    @Test func recordDeletedWhileEditedIsRestoredOnRequest() throws {
        try laptop.succeed(["graduate", "delete", "2021010101"])
        try office.succeed(["graduate", "set", "2021010101", "phone=13800000000"])
        try exchange()
        let entry = try #require(try CLIReplica.json(try office.succeed(["conflicts", "--json"]))["conflicts"]?.items.first)
        #expect(entry["kind"] == .string("deleted_while_edited"))
        #expect(entry["fields"] == .list([.string("phone")]))
        try office.succeed(["conflicts", "resolve", "2021010101", "--restore"])
        try exchange()
        for replica in [laptop, office] {
            #expect(try CLIReplica.json(try replica.succeed(["conflicts", "--json"]))["count"] == .integer(0))
            #expect(try CLIReplica.json(try replica.succeed(["graduate", "show", "2021010101", "--json"]))["deleted"] == .bool(false))
        }
    }

    @Test func recordDeletedWhileEditedCanBeKeptDeleted() throws {
        try laptop.succeed(["graduate", "delete", "2021010101"])
        try office.succeed(["graduate", "set", "2021010101", "phone=13800000000"])
        try exchange()
        try laptop.succeed(["conflicts", "resolve", "2021010101", "--keep-deleted"])
        try exchange()
        for replica in [laptop, office] {
            #expect(try CLIReplica.json(try replica.succeed(["conflicts", "--json"]))["count"] == .integer(0))
            #expect(try CLIReplica.json(try replica.succeed(["graduate", "show", "2021010101", "--json"]))["deleted"] == .bool(true))
        }
        #expect(try laptop.run(["conflicts", "resolve", "2021010101", "--keep-deleted"]).exitCode == 5)
        #expect(try laptop.run(["conflicts", "resolve", "2021010101", "--keep-deleted", "--restore"]).exitCode == 2)
    }
}
