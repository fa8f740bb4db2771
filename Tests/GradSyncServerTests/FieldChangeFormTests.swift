import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Testing

/// Forms of a field's change the spec settles: clearing with `null` (SPEC.md 3.3) and `seen` on a change that is
/// not a tombstone (3.2).
@Suite struct FieldChangeFormTests {
    @Test(arguments: ServerMode.allCases)
    func clearedFieldIsStoredAndServedAsNullButARequiredOneIsRefused(mode: ServerMode) async throws {
        // The node checks changes with the placement schema, as `gradsync serve` does.
        let node = try CentralNode(validator: PlacementValidator())
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let set = peer.change("AUTO", seq: 1, field: "employer_name", value: .string("甲公司"))
        let cleared = peer.change("AUTO", seq: 2, field: "employer_name", value: .null, bases: [set.id])
        let name = peer.change("AUTO", seq: 3, field: "name", value: .null)
        try await node.withClient(mode) { client in
            let pushed = try await client.post(.push, peer.push([set, cleared]), token: token).decode(PushResponse.self)
            #expect(pushed.applied == 2)
            let page = try await client.post(.pull, ForeignReplica().pull(scope: "AUTO"), token: token).decode(PullResponse.self)
            #expect(try page.changes.map { try $0.change() } == [set, cleared])
            expectRefusal(try await client.post(.push, peer.push([name]), token: token), .unprocessableContent, "validation_failed")
        }
        let record = try #require(try node.store.record(.graduate("2020001", in: "AUTO")))
        #expect(record.fields["employer_name"] == .null)
        #expect(record.fields["name"] == nil)
    }

    @Test(arguments: ServerMode.allCases)
    func seenOnAChangeThatIsNotATombstoneIsKeptAsSent(mode: ServerMode) async throws {
        let node = try CentralNode(validator: PlacementValidator())
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let name = peer.change("AUTO", seq: 1, field: "name", value: .string("韩梅梅"))
        let major = {
            var change = peer.change("AUTO", seq: 2, field: "major_code", value: .string("080901"))
            change.seen = [name.id]
            return change
        }()
        try await node.withClient(mode) { client in
            let pushed = try await client.post(.push, peer.push([name, major]), token: token).decode(PushResponse.self)
            #expect(pushed.applied == 2)
            let page = try await client.post(.pull, ForeignReplica().pull(scope: "AUTO"), token: token).decode(PullResponse.self)
            #expect(page.changes.last?.seen == [name.id.description])
            #expect(page.changes.last?.hash == major.contentHash)
        }
    }
}
