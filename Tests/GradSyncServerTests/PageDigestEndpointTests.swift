import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import HummingbirdTesting
import Testing

/// Digest pages at the node: offered at the handshake, served when a pull asks, read on push; and a node that
/// does not offer them answers and reads pages as before.
@Suite struct PageDigestEndpointTests {
    @Test(arguments: ServerMode.allCases, [true, false])
    func handshakeOffersDigestPagesUnlessTurnedOff(mode: ServerMode, offered: Bool) async throws {
        let node = try CentralNode(pageDigest: offered)
        let token = try node.token(department: "AUTO")
        let response = try await node.withClient(mode) { client in
            try await client.post(.handshake, ForeignReplica().handshake(scope: "AUTO"), token: token)
        }
        #expect(try response.decode(HandshakeResponse.self).pageDigest == (offered ? true : nil))
        #expect(response.text.contains(#""page_digest":true"#) == offered)
    }

    @Test(arguments: ServerMode.allCases)
    func pullAskingForADigestPageGetsHashlessChangesAndTheirDigest(mode: ServerMode) async throws {
        let node = try CentralNode()
        try node.writeGraduates((1...40).map { "2020\($0)" }, in: "AUTO")
        let token = try node.token(department: "AUTO")
        var request = ForeignReplica().pull(scope: "AUTO", limit: 25)
        request.pageDigest = true
        let sent = request
        let response = try await node.withClient(mode) { client in
            try await client.post(.pull, sent, token: token, headers: [.acceptEncoding: "gzip"])
        }
        #expect(!response.text.contains(#""hash""#))
        let page = try response.decode(PullResponse.self)
        #expect(page.changes.count == 25)
        #expect(page.hasMore)
        #expect(page.changes.allSatisfy { $0.hash == nil })
        let held = try node.store.allChanges().prefix(25)
        #expect(page.digest == PageDigest.of(contentHashes: held.map(\.contentHash)))
        let checked = try WirePage.checked(page.changes, digest: page.digest)
        #expect(checked.changes == Array(held))
    }

    @Test(arguments: ServerMode.allCases, [nil, false] as [Bool?])
    func pullNotAskingForADigestPageGetsHashesAndNoDigest(mode: ServerMode, asked: Bool?) async throws {
        let node = try CentralNode()
        try node.writeGraduates((1...10).map { "2020\($0)" }, in: "AUTO")
        let token = try node.token(department: "AUTO")
        var request = ForeignReplica().pull(scope: "AUTO")
        request.pageDigest = asked
        let sent = request
        let response = try await node.withClient(mode) { client in try await client.post(.pull, sent, token: token) }
        #expect(!response.text.contains(#""digest""#))
        let page = try response.decode(PullResponse.self)
        #expect(page.digest == nil)
        #expect(page.changes.map(\.hash) == (try node.store.allChanges().map { Optional($0.contentHash) }))
    }

    @Test(arguments: ServerMode.allCases)
    func nodeThatDoesNotOfferDigestPagesServesHashesEvenWhenAsked(mode: ServerMode) async throws {
        let node = try CentralNode(pageDigest: false)
        try node.writeGraduates((1...10).map { "2020\($0)" }, in: "AUTO")
        let token = try node.token(department: "AUTO")
        var request = ForeignReplica().pull(scope: "AUTO")
        request.pageDigest = true
        let sent = request
        let page = try await node.withClient(mode) { client in
            try await client.post(.pull, sent, token: token).decode(PullResponse.self)
        }
        #expect(page.digest == nil)
        #expect(page.changes.map(\.hash) == (try node.store.allChanges().map { Optional($0.contentHash) }))
    }

    @Test(arguments: ServerMode.allCases)
    func digestPushIsApplied(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let changes = peer.changes("AUTO", 1...30)
        let message = peer.digestPush(changes)
        #expect(!String(decoding: JSON.bytes(message), as: UTF8.self).contains(#""hash""#))
        let result = try await node.withClient(mode) { client in
            try await client.post(.push, message, token: token).decode(PushResponse.self)
        }
        #expect((result.applied, result.duplicates, result.dropped) == (30, 0, 0))
        #expect(try node.store.allChanges() == changes)
        // The store keeps the hashes it computed on arrival, so fork detection works as with hashed pages.
        let tips = try await node.store.contentHashes(of: [changes[29].id])
        #expect(tips[changes[29].id] == changes[29].contentHash)
    }

    @Test(arguments: ServerMode.allCases)
    func hashedPushWithAMatchingDigestIsApplied(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let changes = peer.changes("AUTO", 1...5)
        var message = peer.push(changes)
        message.digest = PageDigest.of(contentHashes: changes.map(\.contentHash))
        let sent = message
        let result = try await node.withClient(mode) { client in
            try await client.post(.push, sent, token: token).decode(PushResponse.self)
        }
        #expect(result.applied == 5)
    }

    @Test(arguments: ServerMode.allCases)
    func nodeThatDoesNotOfferDigestPagesRefusesHashlessPushes(mode: ServerMode) async throws {
        let node = try CentralNode(pageDigest: false)
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let before = try node.store.snapshot()
        try await node.withClient(mode) { client in
            let refused = try await client.post(.push, peer.digestPush(peer.changes("AUTO", 1...3)), token: token)
            expectRefusal(refused, .badRequest, "bad_request")
            // It ignores a digest beside hashes, as a node that predates digests ignores an unknown member.
            var hashed = peer.push(peer.changes("AUTO", 1...3))
            hashed.digest = String(repeating: "0", count: 64)
            #expect(try await client.post(.push, hashed, token: token).decode(PushResponse.self).applied == 3)
        }
        #expect(try node.store.changeCount() == before.changeCount + 3)
    }

    @Test(arguments: ServerMode.allCases)
    func forbiddenScopeInADigestPageIsRefusedBeforeAnythingIsApplied(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let before = try node.store.snapshot()
        try await node.withClient(mode) { client in
            let message = peer.digestPush(peer.changes("AUTO", 1...2) + peer.changes("CS", 1...1))
            expectRefusal(try await client.post(.push, message, token: token), .forbidden, "forbidden_scope")
        }
        #expect(try node.store.snapshot() == before)
    }
}
