import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync

/// The sync protocol's three operations on a store, independent of HTTP.
public struct SyncEndpoints: Sendable {
    /// The replica this node serves.
    public let store: ReplicaStore
    /// Whether the node offers digest pages (changes without `hash`, one `digest` a page). Off, it answers and reads
    /// pages as a node that predates them does: every change with its `hash`.
    public let pageDigest: Bool
    /// Whether the node reads a pull's `from` as the page's start. Off, it ignores `from` as a node that predates it does.
    public let pullFrom: Bool
    /// Whether the node reads a push's signed stream tips (protocol/SPEC.md, section 5.3). Off, it ignores them and
    /// takes every change by its scope alone, as a node that predates them does.
    public let streamTips: Bool
    /// Whether the node syncs only with clients that sign (`gradsync serve --require-signed`, protocol/SPEC.md 5.3): an
    /// unsigned handshake is refused, and a change of an origin with no key bound here is dropped like an unproven one.
    public let requireSigned: Bool

    /// The node's snapshots, when it serves them (`POST /v1/sync/snapshot`); nil, it answers as a node that predates them.
    public let snapshots: SnapshotCache?
    /// The threshold the handshake advertises with snapshots (see `HandshakeResponse.snapshotMinChanges`).
    public let snapshotMinChanges: UInt64

    /// Serves `store`.
    public init(store: ReplicaStore, pageDigest: Bool = true, pullFrom: Bool = true, snapshots: SnapshotCache? = nil,
                snapshotMinChanges: UInt64 = SyncEndpoints.defaultSnapshotMinChanges, streamTips: Bool = true,
                requireSigned: Bool = false) {
        self.store = store
        self.requireSigned = requireSigned
        self.streamTips = streamTips
        self.pageDigest = pageDigest
        self.pullFrom = pullFrom
        self.snapshots = snapshots
        self.snapshotMinChanges = snapshotMinChanges
    }

    /// Below this many changes lacking, pages cost about what a snapshot does: 10000 changes are two pull pages.
    public static let defaultSnapshotMinChanges: UInt64 = 10_000

    /// The scope a sync covers: the intersection of the node's, the token's and the client replica's.
    func sharedScope(token: TokenInfo, clientScope text: String) throws(SyncRefusal) -> ReplicaScope {
        guard let client = try? ReplicaScope(parsing: text) else {
            throw SyncRefusal.badRequest("scope '\(text.prefix(40))' is not a department code or '*'")
        }
        if case .department(let allowed) = token.scope, case .department(let wanted) = client, allowed != wanted {
            throw SyncRefusal(.forbiddenScope, "the token is for department '\(allowed)' but the replica is of department '\(wanted)'")
        }
        return store.scope.intersection(token.scope).intersection(client)
    }

    /// Whether a token may push changes of `scope`: its own department; `shared` only with a central token.
    static func mayPush(_ scope: Scope, token: TokenInfo, node: ReplicaScope) -> Bool {
        node.holds(scope) && token.scope.mayWrite(scope)
    }

    /// Refuses a request naming a replica id bound to another token (see `TokenRegistry.claimReplica`); a handshake
    /// binds an id no token holds yet.
    func checkClaim(_ replicaID: String, token: TokenInfo, bind: Bool) async throws {
        guard case .refused = try await store.tokens.claimReplica(replicaID, token: token, bind: bind) else { return }
        throw SyncRefusal(.replicaClaimed,
                          "replica \(replicaID) syncs with this node under another token; a replica keeps the token it first synced with "
                          + "until that token is revoked (a copied replica directory needs its own id: restore it as a new replica)")
    }

    /// The client replica a request names, in the one spelling bindings and health rows use (lower-case hex).
    ///
    /// The node's own id is refused as claimed: every department learns it from the shared changes, and a client
    /// naming it would show up in the sync-health view as the central node.
    func clientReplica(_ text: String) throws(SyncRefusal) -> ReplicaID {
        guard let id = ReplicaID(hex: text) else { throw SyncRefusal.badRequest("replica_id must be 32 hex digits") }
        guard id != store.replicaID else {
            throw SyncRefusal(.replicaClaimed, "replica \(id.hex) is this node's own id; a client replica syncs under an id of its own")
        }
        return id
    }

    func checkVersion(_ version: Int) throws(SyncRefusal) {
        guard WireProtocol.supportedVersions.contains(version) else {
            throw SyncRefusal(.unsupportedProtocol,
                              "protocol version \(version) is not supported; this node speaks \(WireProtocol.supportedVersions.lowerBound) to \(WireProtocol.supportedVersions.upperBound)")
        }
    }

    /// The handshake: both sides' identities and vectors, and a clock comparison.
    public func handshake(_ request: HandshakeRequest, token: TokenInfo) async throws -> HandshakeResponse {
        try checkVersion(request.protocolVersion)
        let replica = try clientReplica(request.replicaID)
        let shared = try sharedScope(token: token, clientScope: request.scope)
        // Who the client is comes first: a handshake under a bound id with another key is refused as such, never
        // blamed on the stream it forges (checked here, bound below once every other check has passed).
        let key = try await checkReplicaKey(request, replica: replica, token: token)
        let clientVector: VersionVector
        do { clientVector = try VersionVector(wire: request.vector) } catch { throw SyncRefusal.from(error) }
        do {
            try await store.checkTips(wireTips(request.vector))
        } catch StoreError.replicaFork(let tip) {
            // The tip may be of a stream the client relays, not its own: name both, and say which one forked.
            throw SyncRefusal(.replicaFork, "the handshake of replica \(replica.hex) names change \(tip) with a hash other than that of the change "
                + "this node holds under that id: the stream of replica \(tip.origin) forked (a copy of its directory wrote on both copies); "
                + "the copy needs a new replica id (restore it from a backup as a new replica)")
        } catch let error as StoreError {
            throw SyncRefusal.from(error)
        }
        let wireVector = try await store.wireVector(filter: shared)
        let vector = try VersionVector(wire: wireVector)
        let now = store.wallClockNow()
        let offset = Int64(bitPattern: request.clockMilliseconds &- now)
        var warnings: [WireWarning] = []
        if offset.magnitude > store.clockRule.maxDriftMilliseconds {
            warnings.append(WireWarning(code: "clock_suspect", message: Self.clockMessage(offset: offset)))
        }
        let lacking = vector.count(missingFrom: clientVector)
        try await checkClaim(replica.hex, token: token, bind: true)
        try await bindReplicaKey(key, replica: replica, token: token)
        try await store.health.recordClientSeen(replicaID: replica.hex, scope: request.scope, tokenID: token.id,
                                                lacking: lacking, clockOffsetMilliseconds: offset, synced: lacking == 0, errorCode: nil)
        return HandshakeResponse(
            protocolVersion: WireProtocol.version, replicaID: store.replicaID.hex, scope: store.scope.description,
            sharedScope: shared.description, vector: wireVector, clockMilliseconds: now,
            maxDriftMilliseconds: store.clockRule.maxDriftMilliseconds, maxPageChanges: WireProtocol.maxPageChanges,
            maxBodyBytes: WireProtocol.maxBodyBytes, acceptsShared: Self.mayPush(.shared, token: token, node: store.scope), warnings: warnings,
            pageDigest: pageDigest ? true : nil, pullFrom: pullFrom ? true : nil,
            snapshotMinChanges: snapshots == nil ? nil : snapshotMinChanges, streamTips: streamTips ? true : nil)
    }

    /// A sentence saying that the client's clock is off, and by how much.
    public static func clockMessage(offset: Int64) -> String {
        let minutes = Double(offset.magnitude) / 60_000
        let direction = offset > 0 ? "ahead of" : "behind"
        return "this replica's clock is \(String(format: "%.1f", minutes)) minutes \(direction) the node's; fix the system clock (edits still sync, but their order against other edits may surprise people)"
    }

    /// A page of the changes the client lacks.
    public func pull(_ request: PullRequest, token: TokenInfo) async throws -> PullResponse {
        try await pull(request, token: token) { $0 }
    }

    /// A page of the changes the client lacks, handed to `finish` on the bulk-work thread that read it (the route
    /// encodes it there, so a page waits in that queue once).
    public func pull<Result: Sendable>(_ request: PullRequest, token: TokenInfo,
                                       finish: @escaping @Sendable (PullResponse) throws -> Result) async throws -> Result {
        try checkVersion(request.protocolVersion)
        let replica = try clientReplica(request.replicaID)
        let shared = try sharedScope(token: token, clientScope: request.scope)
        let vector: VersionVector
        do { vector = try VersionVector(wire: request.vector) } catch { throw SyncRefusal.from(error) }
        try await checkClaim(replica.hex, token: token, bind: false)
        // The page starts at `from` when the client names it (it is still applying the page before), else at `vector`.
        // A `from` never starts a stream below what the client holds.
        var start = vector
        if pullFrom, let from = request.from {
            do { start = vector.merging(try VersionVector(wire: from)) } catch { throw SyncRefusal.from(error) }
        }
        let limit = min(max(request.limit ?? WireProtocol.maxPageChanges, 1), WireProtocol.maxPageChanges)
        // The page is read and put in its wire form on the bulk-work threads (see `BulkWorkers`): a page for a replica
        // filling up is thousands of changes, and at the priority of everything else many such pages at once kept a
        // nothing-new sync waiting for a core. A read holds no lock a write waits for.
        let (store, pageDigest, wantsDigest) = (self.store, self.pageDigest, request.pageDigest == true)
        let wantsTips = streamTips && request.streamTips == true
        let (hasMore, response, signedHere) = try await BulkWorkers.shared.run { [start] in
            let batch = try store.changes(missingFrom: start, filter: shared, limit: limit, byteBudget: WireProtocol.pageByteBudget)
            var response: PullResponse
            if pageDigest, wantsDigest {
                let page = batch.wireDigestPage
                response = PullResponse(protocolVersion: WireProtocol.version, changes: page.changes, hasMore: batch.hasMore, digest: page.digest)
            } else {
                response = PullResponse(protocolVersion: WireProtocol.version, changes: batch.wireChanges, hasMore: batch.hasMore)
            }
            // The page's stream tips and their origins' keys (protocol/SPEC.md, section 7), read after the page: a
            // stream's changes never change, so a tip stored since stands within them as well.
            var signedHere: [SignedTip] = []
            if wantsTips {
                let served = try store.servedTips(for: batch.changes)
                response.tips = served.tips.map(WireTip.init)
                response.keys = served.keys.map(WireOriginKey.init)
                signedHere = served.signedHere
            }
            return (batch.hasMore, try finish(response), signedHere)
        }
        // The chain of the node's own stream at the page's end, when it took a long walk through the log, noted so that
        // the next page's tip is chained from there (the read above cannot note it). In a task of its own: a pull is a
        // read and never waits for the writer behind pushes; a note lost costs only the next page time.
        if !signedHere.isEmpty {
            Task { [store] in try? await store.noteOwnTips(signedHere) }
        }
        // The client is synced once what it holds now lacks nothing: a page asked for ahead of a page not yet
        // applied says nothing of that (the client asks again from what it holds after the last one).
        if !hasMore, start == vector {
            try await store.health.recordClientSeen(replicaID: replica.hex, scope: request.scope, tokenID: token.id, lacking: 0,
                                                    clockOffsetMilliseconds: nil, synced: true, errorCode: nil)
        }
        return response
    }

    /// The snapshot of the shared scope as the node holds it now (built from one read transaction, or the cached file
    /// of an unchanged vector); with `resuming`, the cached file of that name instead when it is still there and holds
    /// this request's shared scope. Checks the request as a pull is checked.
    public func snapshot(_ request: SnapshotRequest, token: TokenInfo, resuming name: String? = nil) async throws -> SnapshotFile {
        guard let snapshots else { throw SyncRefusal(.notFound, "this node does not serve snapshots") }
        try checkVersion(request.protocolVersion)
        let replica = try clientReplica(request.replicaID)
        let shared = try sharedScope(token: token, clientScope: request.scope)
        try await checkClaim(replica.hex, token: token, bind: false)
        if let name, let file = await snapshots.cached(name, of: shared) { return file }
        return try await snapshots.snapshot(of: shared)
    }

    /// A pushed page as checked before anything is asked of the store: its version, replica, size, every change's
    /// hash and scope, and the page's digest.
    public struct CheckedPage: Sendable {
        let replica: ReplicaID
        let changes: [Change]
        let hashes: [String]
        /// The page's signed tips, well formed (their signatures are checked against the origins' keys later).
        let tips: [SignedTip]
        /// Whether the request carried `tips` at all (a client that predates them never does).
        let sentTips: Bool
    }

    /// Applies a pushed page in one transaction; a refused page applies nothing.
    public func push(_ request: PushRequest, token: TokenInfo) async throws -> PushResponse {
        try await push(try check(request, token: token), token: token)
    }

    /// The checks of a pushed page that need no store: CPU-bound (every change validated and its content hash
    /// recomputed), so the node runs them on its bulk-work threads.
    public func check(_ request: PushRequest, token: TokenInfo) throws -> CheckedPage {
        try checkVersion(request.protocolVersion)
        let replica = try clientReplica(request.replicaID)
        guard request.changes.count <= WireProtocol.maxPageChanges else {
            throw SyncRefusal(.pageTooLarge, "a page may carry at most \(WireProtocol.maxPageChanges) changes")
        }
        if !pageDigest, let index = request.changes.firstIndex(where: { $0.hash == nil }) {
            throw SyncRefusal.badRequest("change \(index) of the page carries no 'hash'; this node reads only pages whose every change carries one")
        }
        do {
            // Each change is checked (its hash, when it carries one) and its scope asked in page order, then the page's digest.
            let (changes, hashes) = try WirePage.checked(request.changes, digest: pageDigest ? request.digest : nil) { change in
                guard Self.mayPush(change.id.scope, token: token, node: store.scope) else {
                    throw SyncRefusal(.forbiddenScope, "this token may not write changes of scope '\(change.id.scope)'; nothing was applied")
                }
            }
            return CheckedPage(replica: replica, changes: changes, hashes: hashes,
                               tips: streamTips ? try Self.checkedTips(request.tips ?? [], of: changes) : [], sentTips: request.tips != nil)
        } catch let error as WireFormatError {
            throw SyncRefusal.from(error)
        }
    }

    /// Applies a checked page in one transaction, once its replica's claim and any change of the node's own stream are
    /// checked; a refused page applies nothing.
    public func push(_ page: CheckedPage, token: TokenInfo) async throws -> PushResponse {
        let (replica, changes, hashes) = (page.replica, page.changes, page.hashes)
        try await checkClaim(replica.hex, token: token, bind: false)
        try await checkNodeOrigin(changes, hashes: hashes)
        let proofs = streamTips || requireSigned ? try await originProofs(changes, tips: page.tips) : nil
        if let proofs, !page.sentTips, proofs.keyedOrigins.contains(replica), changes.contains(where: { $0.id.origin == replica }) {
            // A keyed replica pushing its own changes without tips runs a version that predates them: said plainly,
            // rather than its changes being dropped page after page as unproven.
            throw SyncRefusal(.replicaKeyMismatch, "replica \(replica.hex) proved its key at an earlier handshake with this node, so its "
                + "changes are taken only with stream tips signed by that key (protocol/SPEC.md section 5.3), and this push carries none: "
                + "sync that replica with a version of gradsync that signs its stream tips; nothing was applied")
        }
        let result: ApplyResult
        do {
            result = try await store.applyAsync(changes, contentHashes: hashes, proofs: proofs)
        } catch let error as StoreError {
            try? await store.health.recordClientSeen(replicaID: replica.hex, scope: token.scope.description, tokenID: token.id,
                                                     lacking: nil, clockOffsetMilliseconds: nil, synced: false, errorCode: error.code)
            throw SyncRefusal.from(error)
        }
        if let snapshots, result.applied > 0 {
            // Pages are nearly always of one department: its scope is named once per run of changes.
            var last: Scope?
            var departments: Set<Scope> = []
            for change in changes where change.id.scope != last {
                last = change.id.scope
                if !change.id.scope.isShared { departments.insert(change.id.scope) }
            }
            for department in departments { await snapshots.noteChanged(.department(department)) }
        }
        return PushResponse(protocolVersion: WireProtocol.version, applied: result.applied, duplicates: result.duplicates, dropped: result.dropped)
    }
}
