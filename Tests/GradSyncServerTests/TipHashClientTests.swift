import Foundation
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// The client takes the node's tip hashes as they come, as the node takes the client's (SPEC.md 3.5, 5.1).
@Suite struct TipHashClientTests {
    static let nodeID = ReplicaID(hex: "e41a07c2d95b4f3a8c6e1b0d7f2a9c35")!

    /// A stand-in node on a live port: it answers the handshake with `vector` and every pull with an empty last page.
    static func stub(vector: [WireVectorEntry]) -> Router<NodeRequestContext> {
        let router = Router(context: NodeRequestContext.self)
        router.post("/v1/sync/handshake") { _, _ -> Response in
            json(HandshakeResponse(protocolVersion: WireProtocol.version, replicaID: nodeID.hex, scope: "*", sharedScope: "AUTO", vector: vector,
                                   clockMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000), maxDriftMilliseconds: 600_000,
                                   maxPageChanges: WireProtocol.maxPageChanges, maxBodyBytes: WireProtocol.maxBodyBytes,
                                   acceptsShared: false, warnings: []))
        }
        router.post("/v1/sync/pull") { _, _ -> Response in
            json(PullResponse(protocolVersion: WireProtocol.version, changes: [], hasMore: false))
        }
        return router
    }

    static func json(_ message: some Encodable) -> Response {
        let bytes = (try? JSONEncoder().encode(message)).map { Array($0) } ?? []
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func sync(_ replica: ReplicaStore, against vector: [WireVectorEntry]) async throws -> SyncReport {
        try await CentralNode.serve(stub(vector: vector), logs: LogRecorder(), mode: .live) { client in
            try await SyncClientTests.sync(replica, port: client.port, token: "gs1.0123456789abcdef." + String(repeating: "0", count: 64))
        }
    }

    @Test func malformedHashOfATipTheClientHoldsIsAFork() async throws {
        let replicas = try TestReplicas()
        let replica = try replicas.department("auto", "AUTO")
        try replica.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("x")], mode: .create, author: "secretary")
        let tip = WireVectorEntry(origin: replica.replicaID.hex, scope: "AUTO", seq: 1, hash: "not a hash")
        let report = try await Self.sync(replica, against: [tip])
        #expect(report.failure?.code == .replicaFork, "\(report.failure?.description ?? "no failure")")
    }

    @Test func malformedHashWhereNoTipIsComparedStopsNothing() async throws {
        let replicas = try TestReplicas()
        let replica = try replicas.department("auto", "AUTO")
        let other = ReplicaID.random().hex
        // Seq 0 has no tip; a tip the client does not hold cannot be compared.
        let vector = [WireVectorEntry(origin: replica.replicaID.hex, scope: "AUTO", seq: 0, hash: "zz"),
                      WireVectorEntry(origin: other, scope: "AUTO", seq: 3, hash: String(repeating: "g", count: 64))]
        let report = try await Self.sync(replica, against: vector)
        #expect(report.failure == nil, "\(report.failure?.description ?? "")")
    }
}
