import GradSyncCore
import GradSyncStore
import GradSyncSync
import Hummingbird
import HummingbirdTesting
import Testing

/// Bearer tokens: who may sync at all, and which scopes a token may read and write.
@Suite struct AuthTests {
    @Test(arguments: ServerMode.allCases)
    func requestsWithoutAValidTokenAreUnauthorizedAndChangeNothing(mode: ServerMode) async throws {
        let node = try CentralNode()
        try node.writeGraduates(["2020001"], in: "AUTO")
        let revoked = try node.store.tokens.issue(scope: .central)
        try node.store.tokens.revoke(id: revoked.info.id)
        let unknown = "gs1.0123456789abcdef." + String(repeating: "ab", count: 32)
        let secretOfAnother = try node.token(.central).split(separator: ".")
        let wrongSecret = "gs1.\(secretOfAnother[1])." + String(repeating: "0", count: 64)
        let before = try node.store.snapshot()
        let peer = ForeignReplica()
        let messages: [(Endpoint, any Encodable & Sendable)] = [
            (.handshake, peer.handshake(scope: "*")), (.pull, peer.pull(scope: "*")), (.push, peer.push(peer.changes("AUTO", 1...2))),
        ]
        let headers: [String?] = [nil, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer not-a-token", "Bearer gs1..",
                                  "Bearer \(unknown)", "Bearer \(wrongSecret)", "Bearer \(revoked.token)", revoked.token]
        try await node.withClient(mode) { client in
            for (endpoint, message) in messages {
                for header in headers {
                    var fields = HTTPFields()
                    if let header { fields[.authorization] = header }
                    let response = try await client.post(endpoint.rawValue, bytes: JSON.bytes(message), token: nil, headers: fields)
                    expectRefusal(response, .unauthorized, "unauthorized")
                }
            }
        }
        #expect(try node.store.snapshot() == before)
    }

    @Test(arguments: ServerMode.allCases)
    func departmentTokenUsedByAReplicaOfAnotherDepartmentIsForbidden(mode: ServerMode) async throws {
        let node = try CentralNode()
        try node.writeGraduates(["2020001"], in: "CS")
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        try await node.withClient(mode) { client in
            expectRefusal(try await client.post(.handshake, peer.handshake(scope: "CS"), token: token), .forbidden, "forbidden_scope")
            expectRefusal(try await client.post(.pull, peer.pull(scope: "CS"), token: token), .forbidden, "forbidden_scope")
            expectRefusal(try await client.post(.pull, peer.pull(scope: "shared"), token: token), .forbidden, "forbidden_scope")
        }
    }

    @Test(arguments: ServerMode.allCases, ["CS", "shared"])
    func departmentTokenPushingAnotherScopeAppliesNothingOfThePage(mode: ServerMode, foreignScope: String) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let before = try node.store.snapshot()
        let page = peer.changes("AUTO", 1...3) + [peer.change(foreignScope, seq: 1)] + [peer.change("AUTO", seq: 4)]
        try await node.withClient(mode) { client in
            let refusal = expectRefusal(try await client.post(.push, peer.push(page), token: token), .forbidden, "forbidden_scope")
            #expect(refusal?.message.contains(foreignScope) == true)
            expectRefusal(try await client.post(.push, peer.push([peer.change(foreignScope, seq: 1)]), token: token),
                          .forbidden, "forbidden_scope")
        }
        #expect(try node.store.snapshot() == before)
    }

    @Test(arguments: ServerMode.allCases)
    func departmentTokenPullsOnlyItsDepartmentAndShared(mode: ServerMode) async throws {
        let node = try CentralNode()
        for department in ["AUTO", "CS", "EE"] {
            try node.writeGraduates((1...3).map { "\(department)-\($0)" }, in: department)
        }
        try node.store.write(RecordID(scope: .shared, collection: "department", key: "AUTO"), fields: ["name": .string("自动化学院")],
                             mode: .create, author: "office")
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        for scope in ["AUTO", "*"] {
            let page = try await node.withClient(mode) { client in
                try await client.post(.pull, peer.pull(scope: scope), token: token).decode(PullResponse.self)
            }
            let scopes = page.changes.map(\.scope)
            #expect(scopes.sorted() == ["AUTO", "AUTO", "AUTO", "shared"], "client scope \(scope)")
            #expect(!page.hasMore)
        }
        let handshake = try await node.withClient(mode) { client in
            try await client.post(.handshake, peer.handshake(scope: "AUTO"), token: token).decode(HandshakeResponse.self)
        }
        #expect(handshake.sharedScope == "AUTO")
        #expect(Set(handshake.vector.map(\.scope)) == ["AUTO", "shared"])
        #expect(handshake.acceptsShared == false)
    }

    @Test(arguments: ServerMode.allCases)
    func departmentTokenPushesItsOwnDepartment(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let result = try await node.withClient(mode) { client in
            try await client.post(.push, peer.push(peer.changes("AUTO", 1...3)), token: token).decode(PushResponse.self)
        }
        #expect(result.applied == 3)
        #expect(try node.store.versionVector()[StreamKey(origin: peer.id, scope: try Scope("AUTO"))] == 3)
    }
}
