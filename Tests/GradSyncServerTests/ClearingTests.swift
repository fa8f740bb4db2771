import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Testing

/// Clearing a field on the wire (SPEC.md 3.3): a change whose value is `null`.
@Suite struct ClearingTests {
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
}
