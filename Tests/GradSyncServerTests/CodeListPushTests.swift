import GradSyncCore
import GradSyncPlacement
import GradSyncServer
import GradSyncStore
import GradSyncSync
import Testing

/// A pushed change is checked against the same code lists as a local write: a region outside the GB/T 2260 list
/// or an unknown key group is refused whole (`validation_failed`), a sensitive value never echoed.
@Suite struct CodeListPushTests {
    @Test(arguments: ServerMode.allCases)
    func aPushedUnknownKeyGroupOrRegionIsRefusedAndAppliesNothing(mode: ServerMode) async throws {
        let node = try CentralNode(validator: PlacementValidator())
        let token = try node.token(department: "CS")
        let peer = ForeignReplica()
        let name = peer.change("CS", seq: 1, key: "2020001", value: .string("张三"))
        let groups = peer.change("CS", seq: 2, key: "2020001", field: "key_groups", value: .list([.string("外星人")]))
        let other = ForeignReplica()
        let region = other.change("CS", seq: 1, key: "2020002", field: "origin_region", value: .string("350199"))
        let before = try node.store.snapshot()
        try await node.withClient(mode) { client in
            let refusal = expectRefusal(try await client.post(.push, peer.push([name, groups]), token: token),
                                        .unprocessableContent, "validation_failed")
            #expect(refusal?.message.contains("重点群体类别：所填值（个人信息，不显示）不可用") == true, "\(refusal?.message ?? "")")
            #expect(refusal?.message.contains("外星人") == false, "a sensitive value is never echoed")
            let refusedRegion = expectRefusal(try await client.post(.push, other.push([region]), token: token),
                                              .unprocessableContent, "validation_failed")
            #expect(refusedRegion?.message.contains("350199") == true, "\(refusedRegion?.message ?? "")")
        }
        #expect(try node.store.snapshot() == before, "a refused page applies nothing")
    }
}
