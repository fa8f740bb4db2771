import GradSyncCore
import GradSyncStore
import GradSyncSync
import HummingbirdTesting
import Testing

/// Malformed, oversized and tampered requests are refused with a clear code, never a server error, and apply nothing.
@Suite struct HostileBodyTests {
    @Test(arguments: ServerMode.allCases, HostileRequest.all)
    func hostileRequestIsRefusedAndAppliesNothing(mode: ServerMode, hostile: HostileRequest) async throws {
        let node = try CentralNode()
        try node.writeGraduates(["2020001", "2020002"], in: "AUTO")
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let (endpoint, body, headers) = hostile.make(peer)
        let before = try node.store.snapshot()
        try await node.withClient(mode) { client in
            let response = try await client.post(endpoint.rawValue, bytes: body, token: token, headers: headers)
            expectRefusal(response, hostile.status, hostile.code)
            #expect(response.bytes.count < 2048, "a refusal never echoes what it refused")
            // The node still answers afterwards, on the same connection when live.
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
        }
        #expect(try node.store.snapshot() == before)
    }

    @Test(arguments: ServerMode.allCases)
    func valueNestedWithinTheLimitIsAccepted(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let change = peer.change("AUTO", seq: 1, value: HostileRequest.nested(FieldValue.maximumDepth))
        try await node.withClient(mode) { client in
            let result = try await client.post(.push, peer.push([change]), token: token).decode(PushResponse.self)
            #expect(result.applied == 1)
            let page = try await client.post(.pull, ForeignReplica().pull(scope: "AUTO"), token: token).decode(PullResponse.self)
            #expect(try page.changes.map { try $0.change() } == [change])
        }
    }

    @Test(arguments: ServerMode.allCases)
    func valueTooDeepForTheStoreToReadBackNeverWedgesThePull(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let deep = peer.change("AUTO", seq: 1, value: HostileRequest.nested(FieldValue.maximumDepth + 1))
        try await node.withClient(mode) { client in
            expectRefusal(try await client.post(.push, peer.push([deep]), token: token), .badRequest, "bad_request")
            let page = try await client.post(.pull, ForeignReplica().pull(scope: "AUTO"), token: token)
            #expect(page.status == .ok, "pulls of the department keep working: \(page.text.prefix(200))")
        }
    }

    @Test(arguments: ServerMode.allCases)
    func largestValueIsStoredAndServedBack(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        // Three UTF-8 bytes a character, plus two quotes: 65534 bytes of canonical JSON, just under the limit.
        let value = FieldValue.string(String(repeating: "长", count: (RecordLimits.maximumValueBytes - 2) / 3))
        #expect(value.canonicalJSON.utf8.count > RecordLimits.maximumValueBytes - 3)
        let change = peer.change("AUTO", seq: 1, value: value)
        try await node.withClient(mode) { client in
            let result = try await client.post(.push, peer.push([change]), token: token).decode(PushResponse.self)
            #expect(result.applied == 1)
            let page = try await client.post(.pull, ForeignReplica().pull(scope: "AUTO"), token: token).decode(PullResponse.self)
            #expect(try page.changes.map { try $0.change() } == [change])
        }
    }

    @Test(arguments: ServerMode.allCases)
    func pageGivingARecordMoreFieldsThanAnyMergeOfHonestReplicasIsRefusedWhole(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let limit = UInt64(RecordLimits.maximumReceivedFields)
        let fields = (1...limit).map { peer.change("AUTO", seq: $0, field: "f\($0)", value: .integer(1)) }
        let tombstone = peer.change("AUTO", seq: limit + 1, field: "_deleted", value: .bool(true))
        let extra = peer.change("AUTO", seq: limit + 2, field: "f\(limit + 1)", value: .integer(1))
        try await node.withClient(mode) { client in
            // Past the local limit of 256 fields: fields written on several replicas merge, so a received record may hold more.
            let first = try await client.post(.push, peer.push(Array(fields.prefix(1000))), token: token).decode(PushResponse.self)
            #expect(first.applied == 1000)
            let before = try node.store.snapshot()
            let refusal = expectRefusal(try await client.post(.push, peer.push(Array(fields.dropFirst(1000)) + [tombstone, extra]), token: token),
                                        .unprocessableContent, "validation_failed")
            #expect(refusal?.message.contains("每条记录至多 \(limit) 个字段") == true)
            #expect(try node.store.snapshot() == before)
            let rest = try await client.post(.push, peer.push(Array(fields.dropFirst(1000)) + [tombstone]), token: token).decode(PushResponse.self)
            #expect(rest.applied == Int(limit) - 1000 + 1)
        }
    }
}
