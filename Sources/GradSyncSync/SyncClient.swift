import Foundation
import GradSyncCore
import GradSyncStore

/// What one sync did, on success or failure alike: the source of `gradsync sync --json`.
public struct SyncReport: Sendable {
    /// Changes sent that the remote now holds (applied, or already applied by an attempt whose answer was lost).
    public var pushed = 0
    /// Changes this replica applied from the remote (committed here), those of a snapshot included.
    public var pulled = 0
    /// Changes loaded from a snapshot, when this sync bootstrapped an empty replica (0 otherwise).
    public var bootstrapped = 0
    /// Pages committed, pushed and pulled.
    public var pages = 0
    /// Warnings such as `clock_suspect`; the sync still succeeds.
    public var warnings: [WireWarning] = []
    /// Why the sync stopped early, if it did.
    public var failure: SyncFailure?

    public init() {}
}

/// One full sync of a replica with a remote node: handshake, push what it lacks, pull what this replica lacks.
///
/// Every pushed page is committed by the remote before the next is sent, and every pulled page is committed
/// locally with the vector before the next is applied (a node that reads `from` is asked for the next page
/// meanwhile), so an interrupted sync resumes where it stopped.
public struct SyncClient: Sendable {
    /// The local replica.
    public let store: ReplicaStore
    /// The HTTP transport to the remote.
    public let transport: HTTPTransport
    /// Changes per page.
    public let pageSize: Int
    /// Called after every page pushed or pulled, in order, from the sync's own task.
    public let progress: (@Sendable (SyncProgress) -> Void)?

    /// A sync of `store` through `transport`, reporting each page to `progress` when given.
    public init(store: ReplicaStore, transport: HTTPTransport, pageSize: Int = WireProtocol.maxPageChanges,
                progress: (@Sendable (SyncProgress) -> Void)? = nil) {
        self.store = store
        self.transport = transport
        self.pageSize = pageSize
        self.progress = progress
    }

    /// Runs the sync; failures are reported in the result, with the counts committed before them.
    ///
    /// Store work runs through the store's async forms, on GRDB's async API, never blocking Swift's cooperative pool,
    /// so a client and a node can share one process (as in tests) without starving each other.
    public func run() async -> SyncReport {
        var report = SyncReport()
        let url = transport.baseURL.absoluteString
        var remoteVector: VersionVector?
        var clockOffset: Int64?
        do {
            let sentAt = store.wallClockNow()
            var hello = HandshakeRequest(replicaID: store.replicaID.hex, scope: store.scope.description,
                                         vector: try await store.wireVector(filter: nil), clockMilliseconds: sentAt)
            // Proves that this is the replica the id names: a node binds the id to this key at the first such handshake.
            HandshakeSignature.sign(&hello, with: store.key, tokenID: HandshakeSignature.tokenID(ofBearer: transport.token))
            let answer = try await transport.post("v1/sync/handshake", hello, as: HandshakeResponse.self)
            let receivedAt = store.wallClockNow()
            guard WireProtocol.supportedVersions.contains(answer.protocolVersion) else {
                throw SyncFailure.refused(code: .unsupportedProtocol, message: "the remote speaks protocol \(answer.protocolVersion); this build speaks \(WireProtocol.version)")
            }
            guard let shared = try? ReplicaScope(parsing: answer.sharedScope) else {
                throw SyncFailure.refused(code: .badResponse, message: "the remote named an invalid shared scope")
            }
            let midpoint = Int64(bitPattern: (sentAt / 2 &+ receivedAt / 2))
            clockOffset = Int64(bitPattern: answer.clockMilliseconds) - midpoint
            report.warnings = answer.warnings
            if let offset = clockOffset, offset.magnitude > max(answer.maxDriftMilliseconds, store.clockRule.maxDriftMilliseconds),
               !report.warnings.contains(where: { $0.code == "clock_suspect" }) {
                report.warnings.append(WireWarning(code: "clock_suspect", message: Self.clockMessage(remoteMinusLocal: offset)))
            }
            var theirs: VersionVector
            do { theirs = try VersionVector(wire: answer.vector) } catch {
                throw SyncFailure.refused(code: .badResponse, message: "the remote's vector is malformed: \(error)")
            }
            try await store.checkTips(wireTips(answer.vector))
            remoteVector = theirs
            let remoteHeld = theirs
            let limit = max(1, min(pageSize, answer.maxPageChanges))
            // Digest pages (one digest a page instead of a hash a change) only with a node that offers them.
            let digestPages = answer.pageDigest == true
            let streamTips = answer.streamTips == true
            // Push, in this replica's storage order, what the remote lacks. The next page is read, encoded and
            // compressed while the node applies this one; it is sent only once this one's answer came.
            let replicaID = store.replicaID.hex
            let preparePush: @Sendable (VersionVector) -> Task<(batch: ChangeBatch, body: HTTPTransport.PreparedBody)?, Error> = { known in
                Task {
                    // Read in a task of its own, which a cancelled sync does not reach (GRDB's async API would throw
                    // CancellationError): the read finishes, and the cancellation shows as the failure of the request.
                    let batch = try await Task {
                        try await store.changesAsync(missingFrom: known, filter: shared, limit: limit,
                                                     byteBudget: answer.maxBodyBytes / 2, includeShared: answer.acceptsShared)
                    }.value
                    if batch.changes.isEmpty { return nil }
                    // Its own streams' tips signed now, and the tips it holds of streams it relays (protocol/SPEC.md 5.3).
                    let tips = streamTips ? try await store.tips(for: batch.changes, contentHashes: batch.contentHashes).map(WireTip.init) : nil
                    var request: PushRequest
                    if digestPages {
                        let page = batch.wireDigestPage
                        request = PushRequest(replicaID: replicaID, changes: page.changes, digest: page.digest)
                    } else {
                        request = PushRequest(replicaID: replicaID, changes: batch.wireChanges)
                    }
                    request.tips = tips
                    return (batch, try transport.prepare("v1/sync/push", request))
                }
            }
            var nextPush: Task<(batch: ChangeBatch, body: HTTPTransport.PreparedBody)?, Error>? = preparePush(theirs)
            defer { nextPush?.cancel() }
            let pushStarted = ContinuousClock.now
            let pushExpected = Int(clamping: try await store.versionVectorAsync(filter: shared).count(missingFrom: theirs))
            var pushProgress = SyncProgress(phase: .push, changes: 0, bytes: 0, expected: pushExpected, elapsed: .zero)
            while let pending = nextPush, let prepared = try await Self.value(of: pending) {
                // What the node holds once this page is delivered (whatever it applied, kept as duplicate or dropped).
                var delivered = theirs
                for change in prepared.batch.changes { delivered[change.id.stream] = max(delivered[change.id.stream], change.id.seq) }
                nextPush = prepared.batch.hasMore ? preparePush(delivered) : nil
                let pushed = try await transport.post("v1/sync/push", prepared: prepared.body, as: PushResponse.self)
                // A retried page whose first answer was lost comes back as duplicates: those changes were delivered too.
                report.pushed += pushed.applied + pushed.duplicates
                report.pages += 1
                theirs = delivered
                remoteVector = theirs
                pushProgress.changes += prepared.batch.changes.count
                pushProgress.bytes += prepared.body.bytes.count
                pushProgress.elapsed = ContinuousClock.now - pushStarted
                pushProgress.count(report)
                progress?(pushProgress)
            }
            // Pull, page by page, each committed with the vector before the next is asked for. With a node that reads
            // `from`, the next page is asked for while this one is applied (the node lists it meanwhile), starting
            // where this page leaves each stream; `vector` still says what this replica holds.
            // When this replica already holds all the remote held, the handshake was the only round trip.
            var lastVector = try await store.versionVectorAsync(filter: shared)
            // An empty replica takes the scope whole from a snapshot, then pulls what the node received since.
            let lacking = Int(clamping: remoteHeld.restricted(to: shared).count(missingFrom: lastVector))
            if try await shouldBootstrap(offered: answer.snapshotMinChanges, shared: shared, lacking: lacking) {
                let loaded = try await bootstrap(shared: shared, expected: lacking, report: report)
                report.pulled += loaded
                report.bootstrapped = loaded
                report.pages += 1
                lastVector = try await store.versionVectorAsync(filter: shared)
                remoteVector = theirs.merging(lastVector)
            }
            let ahead = answer.pullFrom == true
            // Each page is received, read and checked (every change, and the page's digest or each change's hash,
            // before any is applied) in a task of its own, so a page asked ahead is checked while the one before it
            // is applied. A node that ignored the request for a digest page sent hashes, which do as well.
            // With a node that reads stream tips, each page comes with its streams' tips and their origins' keys (SPEC 7).
            typealias CheckedPage = (changes: [Change], hashes: [String], tips: [SignedTip], keys: [ReplicaKeyBinding], hasMore: Bool, wireBytes: Int)
            let pull: @Sendable (_ holding: VersionVector, _ from: VersionVector?) -> Task<CheckedPage, Error> = { holding, from in
                let request = PullRequest(replicaID: store.replicaID.hex, scope: store.scope.description, vector: holding.wireEntries,
                                          limit: limit, pageDigest: digestPages ? true : nil, from: from?.wireEntries,
                                          streamTips: streamTips ? true : nil)
                return Task {
                    let (page, wireBytes) = try await transport.measuredPost("v1/sync/pull", request, as: PullResponse.self)
                    do {
                        let (changes, hashes) = try WirePage.checked(page.changes, digest: page.digest)
                        let tips = try WireTip.checked(page.tips ?? [], of: changes)
                        let keys = try WireOriginKey.checked(page.keys ?? [])
                        return (changes, hashes, tips, keys, page.hasMore, wireBytes)
                    } catch let error as WireFormatError {
                        throw SyncFailure.refused(code: error.code, message: "the remote sent a malformed page: \(error.message)")
                    }
                }
            }
            var next: (task: Task<CheckedPage, Error>, fromAhead: Bool)? = lastVector.dominates(remoteHeld) ? nil : (pull(lastVector, nil), false)
            // A sync that fails or stops leaves no request running behind it.
            defer { next?.task.cancel() }
            let pullStarted = ContinuousClock.now
            var pullProgress = SyncProgress(phase: .pull, changes: 0, bytes: 0, expected: Int(clamping: remoteHeld.restricted(to: shared).count(missingFrom: lastVector)), elapsed: .zero)
            while let pending = next {
                let page = try await Self.value(of: pending.task)
                next = nil
                let changes = page.changes
                // Where this page leaves each stream: extended by the changes that continue it, as applying does.
                let expected = lastVector.extended(by: changes)
                // Once this page is applied this replica holds all the node held at the handshake: changes the
                // node received since then wait for the next sync, so nothing is asked ahead.
                let holdsAll = expected.dominates(remoteHeld)
                if ahead, page.hasMore, !holdsAll, expected != lastVector { next = (pull(lastVector, expected), true) }
                let applied = try await store.applyPulled(changes, contentHashes: page.hashes, tips: page.tips, keys: page.keys, from: url)
                report.pulled += applied.applied
                report.pages += 1
                pullProgress.changes += changes.count
                pullProgress.bytes += page.wireBytes
                pullProgress.elapsed = ContinuousClock.now - pullStarted
                pullProgress.count(report)
                progress?(pullProgress)
                let vector = try await store.versionVectorAsync(filter: shared)
                remoteVector = theirs.merging(vector)
                if !page.hasMore || vector.dominates(remoteHeld) {
                    // A last page asked for ahead: ask once more from what is now held, so the node sees this
                    // replica synced; whatever that answer brings is applied, and the sync ends after it.
                    guard pending.fromAhead else { break }
                    lastVector = vector
                    next?.task.cancel()
                    next = (pull(vector, nil), false)
                    continue
                }
                guard vector != lastVector else {
                    throw SyncFailure.refused(code: .noProgress, message: "the remote sent a page that extends no stream this replica holds; stopping rather than looping")
                }
                // Not asked ahead, or a local edit meanwhile moved a stream: ask from what is held now.
                if next == nil || vector != expected {
                    next?.task.cancel()
                    next = (pull(vector, nil), false)
                }
                lastVector = vector
            }
        } catch let failure as SyncFailure {
            report.failure = failure
        } catch let error as StoreError {
            report.failure = .refused(code: RefusalCode(rawValue: error.code), message: error.description)
        } catch where StoreError.isBusy(error) {
            report.failure = .unreachable(code: .busy, message: "this replica's database stayed busy (another gradsync process held its write lock); committed pages stay committed, and the next sync goes on from there")
        } catch {
            report.failure = .internalError(code: .internalError, message: "\(error)")
        }
        let (finalVector, failure, offset) = (remoteVector, report.failure, clockOffset)
        // A cancelled sync (a `--timeout`) records its attempt too: the write runs in a task of its own, which the
        // cancellation does not reach, since GRDB's async API refuses to start work for a cancelled task.
        let health = store.health
        _ = await Task {
            try await health.recordPeerSyncAsync(url: url, vector: finalVector, succeeded: failure == nil, errorCode: failure?.code.rawValue,
                                                 clockOffsetMilliseconds: offset)
        }.result
        return report
    }

    /// The value of a task started for this sync, cancelling the task when the sync itself is cancelled
    /// (a `--timeout`), which awaiting `value` alone would not do.
    static func value<T: Sendable>(of task: Task<T, Error>) async throws -> T {
        try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    /// A sentence saying which clock is off, and by how much.
    static func clockMessage(remoteMinusLocal offset: Int64) -> String {
        let minutes = Double(offset.magnitude) / 60_000
        let direction = offset > 0 ? "behind" : "ahead of"
        return "this replica's clock is \(String(format: "%.1f", minutes)) minutes \(direction) the remote's; fix the system clock (edits still sync)"
    }
}
