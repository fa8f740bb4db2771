import Foundation
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// How a test reaches the server: straight into the router, or over a real loopback port.
enum ServerMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case router, live

    var setup: TestingSetup { self == .router ? .router : .live }
    var testDescription: String { rawValue }
}

/// What a store holds, compared before and after a refused request.
struct StoreSnapshot: Equatable, CustomStringConvertible {
    var changeCount: Int
    var vector: VersionVector

    var description: String { "\(changeCount) changes, vector [\(vector)]" }
}

extension ReplicaStore {
    /// The change count and version vector, to show a refusal applied nothing.
    func snapshot() throws -> StoreSnapshot { StoreSnapshot(changeCount: try changeCount(), vector: try versionVector()) }
}

/// A node under test (central by default): a store served by `SyncServer`, its logs recorded and its metrics kept.
final class CentralNode: Sendable {
    let replicas: TestReplicas
    let store: ReplicaStore
    let metrics = ServerMetrics()
    let logs = LogRecorder()
    let server: SyncServer

    /// With `pageDigest` false the node neither offers nor reads digest pages, as a node that predates them; with
    /// `pullFrom` false it ignores a pull's `from`, as a node that predates asking ahead.
    /// With `snapshots` false it serves no snapshots, as a node that predates them.
    init(scope: ReplicaScope = .central, validator: any ChangeValidator = AcceptAllValidator(), pageDigest: Bool = true,
         pullFrom: Bool = true, snapshots: Bool = true) throws {
        replicas = try TestReplicas()
        store = try replicas.make("central", scope: scope, validator: validator)
        server = SyncServer(store: store, logger: logs.makeLogger(), metrics: metrics, pageDigest: pageDigest, pullFrom: pullFrom,
                            snapshots: snapshots)
    }

    /// The node's wall clock (a manual one, shared by every replica the test makes).
    var clock: ManualClock { replicas.clock }

    /// Runs `body` with a client of the node, reached the way `mode` says.
    func withClient<T: Sendable>(_ mode: ServerMode, _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await Self.serve(server.makeRouter(), logs: logs, mode: mode, body)
    }

    /// Runs `body` with a client of any router, logging into `logs`.
    static func serve<T: Sendable>(_ router: Router<NodeRequestContext>, logs: LogRecorder, mode: ServerMode,
                                   _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await Application(router: router, logger: logs.makeLogger(label: "gradsync.app.test")).test(mode.setup, body)
    }

    /// A fresh bearer token for `scope`.
    func token(_ scope: ReplicaScope) throws -> String { try store.tokens.issue(scope: scope, label: "test").token }

    /// A fresh bearer token for a department.
    func token(department code: String) throws -> String { try token(.department(try Scope.department(code))) }

    /// Writes graduate records of `department` on the node itself (the central office's own edits).
    func writeGraduates(_ keys: some Sequence<String>, in department: String, field: String = "name", value: String = "x") throws {
        for key in keys {
            try store.write(.graduate(key, in: department), fields: [field: .string(value)], mode: .upsert, author: "office")
        }
    }
}

/// Changes made by hand, as another replica (or a hostile peer) would send them.
struct ForeignReplica: Sendable {
    let id: ReplicaID
    /// Unix milliseconds its stamps start from.
    let milliseconds: UInt64

    init(id: ReplicaID = .random(), milliseconds: UInt64 = ManualClock().now()) {
        self.id = id
        self.milliseconds = milliseconds
    }

    /// One change of this replica's stream in `scope`; seq `n` is stamped `n` ticks after `milliseconds`.
    func change(_ scope: String, seq: UInt64, key: String = "2020001", field: String = "name", value: FieldValue = .string("x"),
                stampMilliseconds: UInt64? = nil, bases: [ChangeID] = []) -> Change {
        Change(id: ChangeID(origin: id, scope: try! Scope(scope), seq: seq),
               hlc: HLCTimestamp(milliseconds: stampMilliseconds ?? milliseconds, counter: UInt16(truncatingIfNeeded: seq)),
               collection: "graduate", key: key, field: field, value: value, bases: bases, author: "peer")
    }

    /// Changes `seqs` of this replica's stream in `scope`, each on its own record.
    func changes(_ scope: String, _ seqs: ClosedRange<UInt64>) -> [Change] {
        seqs.map { change(scope, seq: $0, key: "20200\($0)") }
    }

    /// A push request carrying `changes`.
    func push(_ changes: [Change]) -> PushRequest { PushRequest(replicaID: id.hex, changes: changes.map { WireChange($0) }) }

    /// A push request carrying `changes` as a digest page: no change with `hash`, the page's `digest`.
    func digestPush(_ changes: [Change]) -> PushRequest {
        PushRequest(replicaID: id.hex, changes: changes.map { WireChange(hashless: $0) },
                    digest: PageDigest.of(contentHashes: changes.map(\.contentHash)))
    }

    /// A handshake request of a replica of `scope` holding `vector`.
    func handshake(scope: String, vector: VersionVector = VersionVector(), clock: UInt64? = nil) -> HandshakeRequest {
        HandshakeRequest(replicaID: id.hex, scope: scope, vector: vector.wireEntries, clockMilliseconds: clock ?? milliseconds)
    }

    /// A pull request of a replica of `scope` holding `vector`.
    func pull(scope: String, vector: VersionVector = VersionVector(), limit: Int? = nil) -> PullRequest {
        PullRequest(replicaID: id.hex, scope: scope, vector: vector.wireEntries, limit: limit)
    }
}
