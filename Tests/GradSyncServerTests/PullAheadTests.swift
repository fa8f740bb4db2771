import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import HummingbirdTesting
import Testing

/// Asking ahead (SPEC.md 7): a pull's `from` says where the page starts while `vector` still says what the client
/// holds, and only `vector` counts for the node's view of the client's sync health.
@Suite struct PullAheadTests {
    @Test(arguments: ServerMode.allCases, [true, false])
    func handshakeOffersAskingAheadUnlessTurnedOff(mode: ServerMode, offered: Bool) async throws {
        let node = try CentralNode(pullFrom: offered)
        let token = try node.token(department: "AUTO")
        let response = try await node.withClient(mode) { client in
            try await client.post(.handshake, ForeignReplica().handshake(scope: "AUTO"), token: token)
        }
        #expect(try response.decode(HandshakeResponse.self).pullFrom == (offered ? true : nil))
    }

    @Test(arguments: ServerMode.allCases)
    func pageStartsAtFromAndOnlyAPageAskedFromWhatIsHeldMarksTheClientSynced(mode: ServerMode) async throws {
        let node = try CentralNode()
        try node.writeGraduates((1...30).map { "2020\($0)" }, in: "AUTO")
        let token = try node.token(department: "AUTO")
        let held = try node.store.allChanges()
        let client = ForeignReplica()
        // The client holds nothing yet and is applying the first 20: it asks for what follows them.
        var from = VersionVector()
        for change in held.prefix(20) { from[change.id.stream] = change.id.seq }
        var ahead = client.pull(scope: "AUTO", limit: 25)
        ahead.from = from.wireEntries
        let sentAhead = ahead
        let page = try await node.withClient(mode) { http in
            try await http.post(.pull, sentAhead, token: token).decode(PullResponse.self)
        }
        #expect(try page.changes.map { try $0.change().id } == held.dropFirst(20).map(\.id))
        #expect(!page.hasMore)
        #expect(try node.store.health.clientHealth().first { $0.replicaID == client.id.hex }?.lastSyncMilliseconds == nil,
                "a last page asked ahead of one not yet applied does not make the client synced")

        // Once everything is applied it asks from what it holds: an empty last page, and now it is synced.
        var all = VersionVector()
        for change in held { all[change.id.stream] = change.id.seq }
        let confirm = client.pull(scope: "AUTO", vector: all)
        let last = try await node.withClient(mode) { http in
            try await http.post(.pull, confirm, token: token).decode(PullResponse.self)
        }
        #expect(last.changes.isEmpty && !last.hasMore)
        let health = try #require(try node.store.health.clientHealth().first { $0.replicaID == client.id.hex })
        #expect(health.lastSyncMilliseconds != nil)
        #expect(health.lacking == 0)
    }

    @Test(arguments: ServerMode.allCases)
    func fromBehindTheVectorNeverSendsWhatTheClientHolds(mode: ServerMode) async throws {
        let node = try CentralNode()
        try node.writeGraduates((1...30).map { "2020\($0)" }, in: "AUTO")
        let token = try node.token(department: "AUTO")
        let held = try node.store.allChanges()
        var holding = VersionVector()
        for change in held.prefix(20) { holding[change.id.stream] = change.id.seq }
        var behind = VersionVector()
        for change in held.prefix(10) { behind[change.id.stream] = change.id.seq }
        var request = ForeignReplica().pull(scope: "AUTO", vector: holding)
        request.from = behind.wireEntries
        let sent = request
        let page = try await node.withClient(mode) { http in try await http.post(.pull, sent, token: token).decode(PullResponse.self) }
        #expect(try page.changes.map { try $0.change().id } == held.dropFirst(20).map(\.id))
    }

    @Test(arguments: ServerMode.allCases)
    func nodeThatDoesNotReadFromAnswersFromTheVector(mode: ServerMode) async throws {
        let node = try CentralNode(pullFrom: false)
        try node.writeGraduates((1...10).map { "2020\($0)" }, in: "AUTO")
        let token = try node.token(department: "AUTO")
        let held = try node.store.allChanges()
        var from = VersionVector()
        for change in held.prefix(5) { from[change.id.stream] = change.id.seq }
        var request = ForeignReplica().pull(scope: "AUTO")
        request.from = from.wireEntries
        let sent = request
        let page = try await node.withClient(mode) { http in try await http.post(.pull, sent, token: token).decode(PullResponse.self) }
        #expect(try page.changes.map { try $0.change().id } == held.map(\.id))
    }

    @Test(arguments: ServerMode.allCases)
    func malformedFromIsABadRequest(mode: ServerMode) async throws {
        let node = try CentralNode()
        try node.writeGraduates(["20201"], in: "AUTO")
        let token = try node.token(department: "AUTO")
        var request = ForeignReplica().pull(scope: "AUTO")
        request.from = [WireVectorEntry(origin: "not-a-replica", scope: "AUTO", seq: 1)]
        let sent = request
        let response = try await node.withClient(mode) { http in try await http.post(.pull, sent, token: token) }
        #expect(response.status == .badRequest)
        #expect(response.refusal?.code == "bad_request")
    }

    @Test func clientAsksAheadWithANodeThatOffersItAndEndsSynced() async throws {
        let (report, bodies, node, replica) = try await SyncClientPageDigestTests.syncBothWays(pageDigest: true)
        #expect(report.failure == nil, "\(report.failure?.description ?? "")")
        #expect(report.pulled == 12)
        let pulls = bodies.filter { $0.endpoint == .pull }.map(\.text)
        // Pages of 5: the first from what is held, the next two asked ahead, then once more from what is held.
        #expect(pulls.map { $0.contains(#""from":"#) } == [false, true, true, false])
        #expect(try replica.versionVector() == node.store.versionVector())
        let health = try #require(try node.store.health.clientHealth().first { $0.replicaID == replica.replicaID.hex })
        #expect(health.lastSyncMilliseconds != nil)
        #expect(health.lacking == 0)
    }

    @Test func localEditDuringAPullDropsThePageAskedAheadAndAsksAgain() async throws {
        let node = try CentralNode()
        try node.writeGraduates((1...12).map { "2020\($0)" }, in: "AUTO")
        let replica = try node.replicas.department("auto", "AUTO")
        let token = try node.token(department: "AUTO")
        // A secretary saves a record while the first page is on its way: once that page is applied the replica's
        // own stream is past the `from` the next page was asked ahead with.
        let front = FrontRouter(recordingBodies: true) { pull in
            guard pull == 1 else { return }
            try replica.write(.graduate("2021001", in: "AUTO"), fields: ["name": .string("王五")], mode: .create, author: "secretary")
        }
        let report = try await CentralNode.serve(front.makeRouter(forwardingTo: node.server.makeRouter()), logs: node.logs,
                                                 mode: .live) { client in
            try await SyncClientTests.sync(replica, port: client.port, token: token, pageSize: 5)
        }
        #expect(report.failure == nil, "\(report.failure?.description ?? "")")
        #expect(report.pulled == 12)
        let fromHeld = front.bodies.filter { $0.endpoint == .pull && !$0.text.contains(#""from":"#) }
        // The first page, the second asked again from what the replica held after the edit, and once more at the end.
        #expect(fromHeld.count == 3)
        #expect(try replica.changeCount() == 13)
        let nodeVector = try node.store.versionVector()
        #expect(try replica.versionVector().dominates(nodeVector))
        #expect(try replica.maintenance.verify().isHealthy)
    }

    @Test func cancellingTheSyncCancelsThePageItAskedAhead() async throws {
        let node = try CentralNode()
        try node.writeGraduates((1...30).map { "2020\($0)" }, in: "AUTO")
        let replica = try node.replicas.department("auto", "AUTO")
        let token = try node.token(department: "AUTO")
        // The second pull, asked ahead while the first page is applied, is held: only a cancellation ends the wait.
        let front = FrontRouter(holdingPullsFrom: 2)
        try await CentralNode.serve(front.makeRouter(forwardingTo: node.server.makeRouter()), logs: node.logs, mode: .live) { client in
            let sync = Task { try await SyncClientTests.sync(replica, port: client.port, token: token, within: .seconds(90), pageSize: 5) }
            while front.pulls < 2 { try await Task.sleep(for: .milliseconds(20)) }
            let cancelled = ContinuousClock.now
            sync.cancel()
            let report = try await sync.value
            #expect(ContinuousClock.now - cancelled < .seconds(10), "the held request was cancelled, not waited for")
            #expect(report.failure != nil)
            #expect(try replica.changeCount() == report.pulled, "what was pulled was committed")
            // The cancelled attempt is still recorded, as `gradsync status` shows it.
            let port = try #require(client.port)
            let peer = try #require(try replica.health.peerState(url: "http://localhost:\(port)"))
            #expect(peer.lastError == report.failure?.code.rawValue)
            #expect(peer.lastSyncMilliseconds == nil)
            #expect(peer.lastAttemptMilliseconds != nil)
            front.release()
        }
    }

    @Test func clientDoesNotAskAheadOfANodeThatDoesNotOfferIt() async throws {
        let (report, bodies, node, replica) = try await SyncClientPageDigestTests.syncBothWays(pageDigest: true, pullFrom: false)
        #expect(report.failure == nil, "\(report.failure?.description ?? "")")
        #expect(report.pulled == 12)
        let pulls = bodies.filter { $0.endpoint == .pull }.map(\.text)
        #expect(pulls.count == 3)
        #expect(pulls.allSatisfy { !$0.contains(#""from""#) })
        #expect(try replica.versionVector() == node.store.versionVector())
    }
}
