import GradSyncCore
import GradSyncPlacement
import GradSyncServer
import GradSyncStore
import GradSyncSync
import Testing

/// A graduate's department is its scope: a pushed change whose `department` field names another department is
/// refused whole by the node, which then holds what it held before.
@Suite struct DepartmentIntegrityTests {
    @Test(arguments: ServerMode.allCases)
    func aPushedDepartmentContradictingItsScopeIsRefusedAndMovesNothing(mode: ServerMode) async throws {
        let node = try CentralNode(validator: PlacementValidator())
        let token = try node.token(department: "CS")
        let peer = ForeignReplica()
        let name = peer.change("CS", seq: 1, key: "2020001", value: .string("张三"))
        let department = peer.change("CS", seq: 2, key: "2020001", field: "department", value: .string("AUTO"))
        let before = try node.store.snapshot()
        try await node.withClient(mode) { client in
            let refusal = expectRefusal(try await client.post(.push, peer.push([name, department]), token: token),
                                        .unprocessableContent, "validation_failed")
            #expect(refusal?.message.contains("AUTO") == true, "the refusal names the value: \(refusal?.message ?? "")")
            #expect(refusal?.message.contains("CS") == true, "the refusal names the record's department: \(refusal?.message ?? "")")
        }
        #expect(try node.store.snapshot() == before, "a refused page applies nothing")
    }

    @Test(arguments: ServerMode.allCases)
    func aPushedDepartmentEqualToItsScopeIsAccepted(mode: ServerMode) async throws {
        let node = try CentralNode(validator: PlacementValidator())
        let token = try node.token(department: "CS")
        let peer = ForeignReplica()
        let department = peer.change("CS", seq: 1, key: "2020001", field: "department", value: .string("CS"))
        try await node.withClient(mode) { client in
            let applied = try await client.post(.push, peer.push([department]), token: token).decode(PushResponse.self)
            #expect(applied.applied == 1)
        }
    }
}
