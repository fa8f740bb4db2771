import Foundation
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import Synchronization
import Testing

/// An empty replica syncing with a node that serves snapshots takes the shared scope whole from one, then pulls
/// as usual (protocol/SPEC.md 15.3), over real HTTP to a live loopback port.
@Suite struct BootstrapTests {
    static let auto = ReplicaScope.department(try! Scope.department("AUTO"))

    /// A node holding AUTO and MATH graduates, some of them edited by a peer, and shared reference data.
    static func populatedNode(snapshots: Bool = true) throws -> CentralNode {
        let node = try CentralNode(snapshots: snapshots, snapshotMinChanges: 1)
        try node.writeGraduates((1...40).map { "2020\($0)" }, in: "AUTO")
        try node.writeGraduates((1...10).map { "2021\($0)" }, in: "MATH")
        try node.store.write(RecordID(scope: .shared, collection: "department", key: "AUTO"), fields: ["name": .string("自动化学院")],
                             mode: .create, author: "office")
        _ = try node.store.apply(ForeignReplica().changes("AUTO", 1...15))
        try node.writeGraduates(["20201", "20202"], in: "AUTO", value: "renamed")
        return node
    }

    static func expectHoldsWhatTheNodeHolds(_ replica: ReplicaStore, _ node: CentralNode) throws {
        #expect(try replica.versionVector() == node.store.versionVector(filter: auto))
        #expect(try replica.records(collection: "graduate") == node.store.records(collection: "graduate", scope: try Scope("AUTO")))
        #expect(Set(try replica.allChanges()) == Set(try node.store.allChanges().filter { auto.holds($0.id.scope) }))
        #expect(try replica.maintenance.verify().isHealthy)
    }

    @Test func anEmptyReplicaBootstrapsThenPullsWhatCameSince() async throws {
        let node = try Self.populatedNode()
        let replica = try node.replicas.department("auto", "AUTO")
        let token = try node.token(department: "AUTO")
        let held = try node.store.allChanges().filter { Self.auto.holds($0.id.scope) }.count
        try await node.withClient(.live) { client in
            let first = try await SyncClientTests.sync(replica, port: client.port, token: token)
            #expect(first.failure == nil, "\(first.failure?.description ?? "")")
            #expect((first.bootstrapped, first.pulled) == (held, held))
            try Self.expectHoldsWhatTheNodeHolds(replica, node)
            #expect(!FileManager.default.fileExists(atPath: SyncClient.snapshotPath(for: replica)), "the download is removed")

            try node.writeGraduates((41...45).map { "2020\($0)" }, in: "AUTO")
            try replica.write(.graduate("20203", in: "AUTO"), fields: ["name": .string("local")], mode: .update, author: "secretary")
            let second = try await SyncClientTests.sync(replica, port: client.port, token: token)
            #expect(second.failure == nil, "\(second.failure?.description ?? "")")
            #expect((second.bootstrapped, second.pushed, second.pulled) == (0, 1, 5))
            try Self.expectHoldsWhatTheNodeHolds(replica, node)
        }
    }

    /// A node keeping its snapshots fresh (as `gradsync serve` does) answers a fresh replica with the newest cached
    /// snapshot while that lacks fewer changes than the served lag: no build waits, the replica pulls the rest, and
    /// ends holding what the node holds.
    @Test func aSnapshotALittleBehindIsServedAtOnceAndTheReplicaPullsTheRest() async throws {
        let node = try Self.populatedNode()
        let cache = try #require(node.server.snapshots)
        await cache.keepFresh(.init(servedLag: 10, refreshAfter: nil, minimumChanges: 1))
        let token = try node.token(department: "AUTO")
        try await node.withClient(.live) { client in
            let first = try node.replicas.department("first", "AUTO")
            #expect(try await SyncClientTests.sync(first, port: client.port, token: token).failure == nil)
            #expect(await cache.builds == 1)
            let cached = try node.store.allChanges().filter { Self.auto.holds($0.id.scope) }.count

            try node.writeGraduates((41...43).map { "2020\($0)" }, in: "AUTO")
            let second = try node.replicas.department("second", "AUTO")
            let report = try await SyncClientTests.sync(second, port: client.port, token: token)
            #expect(report.failure == nil, "\(report.failure?.description ?? "")")
            #expect((report.bootstrapped, report.pulled) == (cached, cached + 3))
            #expect(await (cache.builds, cache.servedBehind) == (1, 1))
            try Self.expectHoldsWhatTheNodeHolds(second, node)

            // Lacking as many changes as the served lag, the scope is built again for the next fresh replica.
            try node.writeGraduates((44...50).map { "2020\($0)" }, in: "AUTO")
            let third = try node.replicas.department("third", "AUTO")
            let rebuilt = try await SyncClientTests.sync(third, port: client.port, token: token)
            #expect(rebuilt.failure == nil)
            #expect(rebuilt.bootstrapped == rebuilt.pulled)
            #expect(await (cache.builds, cache.servedBehind) == (2, 1))
            try Self.expectHoldsWhatTheNodeHolds(third, node)
        }
    }

    /// Pushes that add changes to a department, once they have settled, get its snapshot rebuilt in the background,
    /// so the next fresh replica is served one holding them without waiting for a build.
    @Test func settledPushesRefreshTheDepartmentsSnapshotInTheBackground() async throws {
        let node = try Self.populatedNode()
        let cache = try #require(node.server.snapshots)
        await cache.keepFresh(.init(servedLag: 4, refreshAfter: .milliseconds(200), minimumChanges: 1))
        let token = try node.token(department: "AUTO")
        try await node.withClient(.live) { client in
            let laptop = try node.replicas.department("laptop", "AUTO")
            #expect(try await SyncClientTests.sync(laptop, port: client.port, token: token).failure == nil)
            #expect(await (cache.builds, cache.refreshes) == (1, 0))
            for key in ["2020101", "2020102"] {
                try laptop.write(.graduate(key, in: "AUTO"), fields: ["name": .string("new")], mode: .upsert, author: "secretary")
            }
            let pushed = try await SyncClientTests.sync(laptop, port: client.port, token: token)
            #expect(pushed.failure == nil && pushed.pushed > 0)
            var waited = Duration.zero
            while await cache.refreshes == 0, waited < .seconds(20) {
                try await Task.sleep(for: .milliseconds(50))
                waited += .milliseconds(50)
            }
            #expect(await (cache.builds, cache.refreshes) == (2, 1))

            let fresh = try node.replicas.department("fresh", "AUTO")
            let report = try await SyncClientTests.sync(fresh, port: client.port, token: token)
            #expect(report.failure == nil)
            #expect(report.bootstrapped == report.pulled, "the refreshed snapshot holds the pushed changes")
            #expect(await (cache.builds, cache.servedBehind) == (2, 0))
            try Self.expectHoldsWhatTheNodeHolds(fresh, node)

            // A push adding nothing (the laptop synced again) refreshes nothing.
            #expect(try await SyncClientTests.sync(laptop, port: client.port, token: token).failure == nil)
            try await Task.sleep(for: .milliseconds(600))
            #expect(await (cache.builds, cache.refreshes) == (2, 1))
        }
    }

    @Test func aNodeWithoutSnapshotsIsPulledPageByPage() async throws {
        let node = try Self.populatedNode(snapshots: false)
        let replica = try node.replicas.department("auto", "AUTO")
        let token = try node.token(department: "AUTO")
        try await node.withClient(.live) { client in
            let report = try await SyncClientTests.sync(replica, port: client.port, token: token, pageSize: 10)
            #expect(report.failure == nil)
            let held = try replica.changeCount()
            #expect(report.bootstrapped == 0 && report.pulled == held && report.pages > 2)
        }
        try Self.expectHoldsWhatTheNodeHolds(replica, node)
    }

    @Test func aReplicaHoldingAnEditOfItsOwnPullsInsteadAndKeepsIt() async throws {
        let node = try Self.populatedNode()
        let replica = try node.replicas.department("auto", "AUTO")
        try replica.write(.graduate("2029001", in: "AUTO"), fields: ["name": .string("offline")], mode: .create, author: "secretary")
        let token = try node.token(department: "AUTO")
        try await node.withClient(.live) { client in
            let report = try await SyncClientTests.sync(replica, port: client.port, token: token)
            #expect(report.failure == nil)
            #expect((report.bootstrapped, report.pushed) == (0, 1))
        }
        try Self.expectHoldsWhatTheNodeHolds(replica, node)
        #expect(try node.store.record(.graduate("2029001", in: "AUTO"))?.fields["name"] == .string("offline"))
    }

    @Test func aTamperedSnapshotIsRefusedAndNothingIsLoaded() async throws {
        let node = try Self.populatedNode()
        try node.writeGraduates(["2020777"], in: "AUTO", value: "zzzz")
        let replica = try node.replicas.department("auto", "AUTO")
        let token = try node.token(department: "AUTO")
        let router = Self.tamperingRouter(in: node.server.makeRouter(), replacing: Array("\"zzzz\"".utf8), with: Array("\"zzzy\"".utf8))
        try await CentralNode.serve(router, logs: node.logs, mode: .live) { client in
            let report = try await SyncClientTests.sync(replica, port: client.port, token: token)
            guard case .refused(let code, let message)? = report.failure else {
                Issue.record("not refused: \(String(describing: report.failure))")
                return
            }
            #expect(code == .hashMismatch)
            #expect(message.contains("nothing of it was loaded"))
            #expect(report.pulled == 0)
        }
        #expect(try replica.changeCount() == 0)
        #expect(try replica.versionVector() == VersionVector())
        #expect(!FileManager.default.fileExists(atPath: SyncClient.snapshotPath(for: replica)))
    }

    /// Forwards everything to `inner`, but rewrites one run of bytes inside every snapshot (keeping it a well-formed
    /// gzip member, so only the changes' content hashes can tell), as a hostile proxy could.
    static func tamperingRouter(in inner: Router<NodeRequestContext>, replacing old: [UInt8], with new: [UInt8]) -> Router<NodeRequestContext> {
        let responder = inner.buildResponder()
        let router = Router(context: NodeRequestContext.self)
        for path in ["/v1/sync/handshake", "/v1/sync/push", "/v1/sync/pull"] {
            router.post(RouterPath(path)) { request, context in try await responder.respond(to: request, context: context) }
        }
        router.post("/v1/sync/snapshot") { request, context in
            var response = try await responder.respond(to: request, context: context)
            let collected = CollectedBody()
            try await response.body.write(CollectingWriter(body: collected))
            var content = try Gzip.decompress(collected.bytes.withLock { $0 }, limit: 64 << 20)
            if let start = content.indices.first(where: { content[$0...].starts(with: old) }) {
                content.replaceSubrange(start..<(start + old.count), with: new)
            }
            response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: try Gzip.compress(content)))
            response.headers[.contentLength] = nil
            return response
        }
        return router
    }
}

/// The bytes a response body wrote, collected.
final class CollectedBody: Sendable {
    let bytes = Mutex<[UInt8]>([])
}

/// A response body writer that keeps what is written in a `CollectedBody`.
struct CollectingWriter: ResponseBodyWriter {
    let body: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        body.bytes.withLock { $0 += Array(buffer.readableBytesView) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
