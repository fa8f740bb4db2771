import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import HummingbirdTesting
import Testing

/// `SyncClient` over real HTTP (URLSession to a live loopback port) against the node.
@Suite struct SyncClientTests {
    /// A failure's class, which the CLI turns into an exit code (unreachable 3, unauthorized 4, …).
    static func kind(_ failure: SyncFailure?) -> String? {
        switch failure {
        case .configuration?: return "configuration"
        case .unreachable?: return "unreachable"
        case .unauthorized?: return "unauthorized"
        case .refused?: return "refused"
        case .internalError?: return "internal"
        case nil: return nil
        }
    }

    /// One sync of `store` with the node listening on `port`.
    static func sync(_ store: ReplicaStore, port: Int?, token: String, within deadline: Duration = .seconds(30),
                     retries: Int = 4, pageSize: Int = 1_000) async throws -> SyncReport {
        let port = try #require(port)
        let url = try #require(URL(string: "http://localhost:\(port)"))
        let transport = HTTPTransport(baseURL: url, token: token, deadline: .now + deadline, retries: retries)
        return await SyncClient(store: store, transport: transport, pageSize: pageSize).run()
    }

    @Test func departmentReplicasAndTheCentralNodeConverge() async throws {
        let node = try CentralNode()
        let auto1 = try node.replicas.department("auto1", "AUTO")
        let auto2 = try node.replicas.department("auto2", "AUTO")
        let cs = try node.replicas.department("cs", "CS")
        let tokens = (auto: try node.token(department: "AUTO"), cs: try node.token(department: "CS"))
        try node.store.write(RecordID(scope: .shared, collection: "department", key: "AUTO"), fields: ["name": .string("自动化学院")],
                             mode: .create, author: "office")
        try auto1.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "secretary-1")
        node.clock.advance(by: 1_000)
        try auto2.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三丰"), "gender": .string("1")],
                        mode: .create, author: "secretary-2")
        try auto2.write(.graduate("2020002", in: "AUTO"), fields: ["name": .string("李四")], mode: .create, author: "secretary-2")
        try cs.write(.graduate("2021001", in: "CS"), fields: ["name": .string("王五")], mode: .create, author: "secretary-cs")

        try await node.withClient(.live) { client in
            for _ in 1...2 {
                for (store, token) in [(auto1, tokens.auto), (auto2, tokens.auto), (cs, tokens.cs)] {
                    let report = try await Self.sync(store, port: client.port, token: token)
                    #expect(report.failure == nil, "\(report.failure?.description ?? "")")
                }
            }
            let quiet = try await Self.sync(auto1, port: client.port, token: tokens.auto)
            #expect((quiet.pushed, quiet.pulled, quiet.failure) == (0, 0, nil))
        }
        let auto = ReplicaScope.department(try Scope.department("AUTO"))
        #expect(try auto1.versionVector() == node.store.versionVector(filter: auto))
        #expect(try auto2.versionVector() == node.store.versionVector(filter: auto))
        let autoRecords = try node.store.records(collection: "graduate", scope: try Scope("AUTO"))
        #expect(try auto1.records(collection: "graduate") == autoRecords)
        #expect(try auto2.records(collection: "graduate") == autoRecords)
        #expect(autoRecords.map(\.id.key) == ["2020001", "2020002"])
        #expect(try auto1.conflicts() == auto2.conflicts())
        #expect(try auto1.conflicts().count == 1, "the concurrent names are journaled on every replica")
        #expect(try auto1.record(RecordID(scope: .shared, collection: "department", key: "AUTO"))?.fields["name"] == .string("自动化学院"))
        #expect(try cs.records(collection: "graduate").map(\.id.key) == ["2021001"])
        #expect(try node.store.records(collection: "graduate").count == 3)
    }

    @Test func interruptedPullResumesWhereItStoppedWithoutReapplying() async throws {
        let node = try CentralNode()
        try node.writeGraduates((1...30).map { "2020\($0)" }, in: "AUTO")
        let replica = try node.replicas.department("auto", "AUTO")
        let token = try node.token(department: "AUTO")
        let front = FrontRouter(holdingPullsFrom: 6)
        try await CentralNode.serve(front.makeRouter(forwardingTo: node.server.makeRouter()), logs: node.logs, mode: .live) { client in
            // The sixth page never comes before the deadline, so the sync stops there; how many pages came
            // before it depends on the machine's load, so the counts below are relative to it.
            let first = try await Self.sync(replica, port: client.port, token: token, within: .seconds(8), pageSize: 1)
            #expect(Self.kind(first.failure) == "unreachable")
            #expect(first.failure?.code == .timeout)
            #expect((1...5).contains(first.pulled))
            #expect(try replica.changeCount() == first.pulled, "every page pulled was committed")
            front.release()
            let pullsBefore = front.pulls

            let second = try await Self.sync(replica, port: client.port, token: token, pageSize: 1)
            #expect(second.failure == nil)
            #expect(second.pulled == 30 - first.pulled)
            // Every page after the first is asked ahead, so after the last it asks once more from what it holds.
            #expect(front.pulls - pullsBefore == 30 - first.pulled + 1, "the second sync asked only for the pages it lacked")
        }
        #expect(try replica.changeCount() == 30)
        #expect(try replica.versionVector() == node.store.versionVector())
        #expect(try replica.records(collection: "graduate") == node.store.records(collection: "graduate"))
    }

    @Test func transientUnavailabilityIsRetriedWithBackoff() async throws {
        let node = try CentralNode()
        try node.writeGraduates(["2020001", "2020002"], in: "AUTO")
        let replica = try node.replicas.department("auto", "AUTO")
        try replica.write(.graduate("2020003", in: "AUTO"), fields: ["name": .string("x")], mode: .create, author: "secretary")
        let token = try node.token(department: "AUTO")
        let front = FrontRouter(unavailable: 2)
        let started = ContinuousClock.now
        let report = try await CentralNode.serve(front.makeRouter(forwardingTo: node.server.makeRouter()), logs: node.logs,
                                                 mode: .live) { client in
            try await Self.sync(replica, port: client.port, token: token)
        }
        #expect(report.failure == nil, "\(report.failure?.description ?? "")")
        #expect((report.pushed, report.pulled) == (1, 2))
        #expect(front.refused == 2)
        #expect(ContinuousClock.now - started >= .milliseconds(250 + 500), "two retries wait 250 ms, then 500 ms")
        #expect(try replica.versionVector() == node.store.versionVector())
    }

    @Test func exhaustedRetriesAreUnreachable() async throws {
        let node = try CentralNode()
        let replica = try node.replicas.department("auto", "AUTO")
        let token = try node.token(department: "AUTO")
        let front = FrontRouter(unavailable: .max)
        let report = try await CentralNode.serve(front.makeRouter(forwardingTo: node.server.makeRouter()), logs: node.logs,
                                                 mode: .live) { client in
            try await Self.sync(replica, port: client.port, token: token, retries: 2)
        }
        let failure = try #require(report.failure)
        #expect(Self.kind(failure) == "unreachable")
        #expect(front.refused == 3, "one try and two retries")
    }

    @Test func nodeThatIsNotListeningIsUnreachable() async throws {
        let replicas = try TestReplicas()
        let replica = try replicas.department("auto", "AUTO")
        // Port 9 (discard) is closed on test machines: the connection is refused at once.
        let report = try await Self.sync(replica, port: 9, token: "gs1.0123456789abcdef." + String(repeating: "0", count: 64), retries: 1)
        #expect(Self.kind(report.failure) == "unreachable")
        #expect(report.failure?.code == .connectionFailed)
    }

    @Test func aRedirectIsNotFollowedAndIsAConfigurationErrorNamingItsTarget() async throws {
        let replicas = try TestReplicas()
        let replica = try replicas.department("auto", "AUTO")
        let elsewhere = try CannedHTTPServer(status: 200, reason: "OK")
        let target = elsewhere.url + "/v1/sync/handshake"
        let remote = try CannedHTTPServer(status: 307, reason: "Temporary Redirect", headers: ["Location": target])
        let report = try await Self.sync(replica, port: Int(remote.port), token: "gs1.0123456789abcdef." + String(repeating: "0", count: 64))
        let failure = try #require(report.failure)
        guard case .configuration(code: .redirect, _) = failure else {
            Issue.record("a redirect is a configuration failure (exit 2), not \(failure)")
            return
        }
        #expect(failure.description.contains(target))
        #expect(elsewhere.requests.isEmpty)
        #expect(remote.requests.count == 1)
    }

    @Test func revokedTokenStopsTheSyncAsUnauthorized() async throws {
        let node = try CentralNode()
        let replica = try node.replicas.department("auto", "AUTO")
        let issued = try node.store.tokens.issue(scope: .department(try Scope.department("AUTO")))
        try node.store.tokens.revoke(id: issued.info.id)
        let report = try await node.withClient(.live) { client in try await Self.sync(replica, port: client.port, token: issued.token) }
        #expect(Self.kind(report.failure) == "unauthorized")
        #expect(report.failure?.code == .unauthorized)
    }
}

/// The client speaks digest pages with a node that offers them, and hashes a change with one that does not.
@Suite struct SyncClientPageDigestTests {
    /// A department replica and a node that each hold what the other lacks, synced once through a recording front.
    static func syncBothWays(pageDigest: Bool, pullFrom: Bool = true) async throws
        -> (report: SyncReport, bodies: [(endpoint: Endpoint, text: String)], node: CentralNode, replica: ReplicaStore) {
        let node = try CentralNode(pageDigest: pageDigest, pullFrom: pullFrom)
        try node.writeGraduates((1...12).map { "2020\($0)" }, in: "AUTO")
        let replica = try node.replicas.department("auto", "AUTO")
        for key in (1...9).map({ "2021\($0)" }) {
            try replica.write(.graduate(key, in: "AUTO"), fields: ["name": .string("张三 \(key)")], mode: .create, author: "secretary")
        }
        let token = try node.token(department: "AUTO")
        let front = FrontRouter(recordingBodies: true)
        let report = try await CentralNode.serve(front.makeRouter(forwardingTo: node.server.makeRouter()), logs: node.logs,
                                                 mode: .live) { client in
            try await SyncClientTests.sync(replica, port: client.port, token: token, pageSize: 5)
        }
        return (report, front.bodies, node, replica)
    }

    @Test func fullSyncUsesDigestPagesBothWaysWithANodeThatOffersThem() async throws {
        let (report, bodies, node, replica) = try await Self.syncBothWays(pageDigest: true)
        #expect(report.failure == nil, "\(report.failure?.description ?? "")")
        #expect((report.pushed, report.pulled) == (9, 12))
        let pushes = bodies.filter { $0.endpoint == .push }.map(\.text)
        let pulls = bodies.filter { $0.endpoint == .pull }.map(\.text)
        #expect(pushes.count == 2, "9 changes in pages of 5")
        #expect(pulls.count == 4, "12 changes in pages of 5, the last asked ahead, then once more from what is held")
        for push in pushes {
            #expect(!push.contains(#""hash""#), "a digest page carries no per-change hash")
            #expect(push.contains(#""digest":""#))
        }
        for pull in pulls { #expect(pull.contains(#""page_digest":true"#)) }
        #expect(try replica.versionVector() == node.store.versionVector())
        #expect(try replica.records(collection: "graduate") == node.store.records(collection: "graduate"))
        #expect(try replica.maintenance.verify().isHealthy)
        #expect(try node.store.maintenance.verify().isHealthy)
    }

    @Test func fullSyncHashesEveryChangeWithANodeThatDoesNotOfferDigestPages() async throws {
        let (report, bodies, node, replica) = try await Self.syncBothWays(pageDigest: false, pullFrom: false)
        #expect(report.failure == nil, "\(report.failure?.description ?? "")")
        #expect((report.pushed, report.pulled) == (9, 12))
        let pushes = bodies.filter { $0.endpoint == .push }.map(\.text)
        let pulls = bodies.filter { $0.endpoint == .pull }.map(\.text)
        #expect(pushes.count == 2)
        #expect(pulls.count == 3)
        for push in pushes {
            #expect(!push.contains(#""digest""#))
            #expect(push.components(separatedBy: #""hash":"#).count - 1 == push.components(separatedBy: #""hlc":"#).count - 1)
        }
        for pull in pulls { #expect(!pull.contains("page_digest"), "asked only of a node that offers it") }
        #expect(try replica.versionVector() == node.store.versionVector())
        #expect(try replica.records(collection: "graduate") == node.store.records(collection: "graduate"))
    }
}
