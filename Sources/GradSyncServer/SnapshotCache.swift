import Crypto
import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync

/// A snapshot file the node serves: its path in the cache and its name, which the node sends as its `ETag`.
public struct SnapshotFile: Sendable, Equatable {
    /// Where it is.
    public var path: String
    /// `<scope>.<changes>.<vector digest>.gss`: unique per shared scope and vector.
    public var name: String
    /// Its size in bytes.
    public var size: Int
}

/// The node's snapshots, one file per shared scope and vector under `snapshots/` beside the replica (0700, files
/// 0600): a second request for a scope whose vector has not moved is served from the file, concurrent requests for
/// the same scope and vector build it once, and writing a newer snapshot of a scope removes the older ones.
public actor SnapshotCache {
    /// The directory of the snapshot files.
    public nonisolated let directory: String
    private let store: ReplicaStore
    private var building: [String: Task<SnapshotFile, any Error>] = [:]
    /// Builds under way, and those waiting for their turn: each holds one of the database's readers and a thread for
    /// as long as it runs, so at most `maxConcurrentBuilds` run at once and pulls keep readers to answer from.
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let maxConcurrentBuilds: Int
    /// How many snapshots were built (not served from a file), for tests and metrics.
    public private(set) var builds = 0
    /// The most builds that ran at the same moment.
    public private(set) var peakConcurrentBuilds = 0
    /// How fresh the served snapshots are kept (`keepFresh`); by default each request gets its scope as it is now.
    public private(set) var freshness = Freshness.exact
    /// Background refreshes waiting for their scope to settle, by the scope's file tag.
    private var refreshing: [String: Task<Void, Never>] = [:]
    /// How many background refreshes built a snapshot, for tests and metrics.
    public private(set) var refreshes = 0
    /// How many requests were answered with a snapshot older than the scope (the replica pulls the rest).
    public private(set) var servedBehind = 0

    /// How far behind its scope a served snapshot may be, and when the node refreshes snapshots on its own.
    public struct Freshness: Sendable, Equatable {
        /// A request is answered with the newest cached snapshot of its scope when that lacks fewer than this many
        /// of the scope's changes; the replica loads it and pulls the rest page by page, from the snapshot's vector
        /// (protocol/SPEC.md 15.3). 0: only a snapshot of the scope as it is now is served.
        public var servedLag: UInt64
        /// After a push adds changes to a department's scope, and no other push has added any for this long, the
        /// node builds that scope's snapshot in the background, so the next fresh replica need not wait for it; nil,
        /// snapshots are built only when asked for.
        public var refreshAfter: Duration?
        /// A scope holding fewer changes than this is not built in the background (a replica lacking fewer pulls).
        public var minimumChanges: UInt64

        /// Every request gets its scope as it is now, built when asked for.
        public static let exact = Freshness(servedLag: 0, refreshAfter: nil, minimumChanges: 0)

        public init(servedLag: UInt64, refreshAfter: Duration?, minimumChanges: UInt64) {
            self.servedLag = servedLag
            self.refreshAfter = refreshAfter
            self.minimumChanges = minimumChanges
        }
    }

    /// Sets how fresh the served snapshots are kept.
    public func keepFresh(_ freshness: Freshness) {
        self.freshness = freshness
        if freshness.refreshAfter == nil { stopRefreshing() }
    }

    /// Cancels the background refreshes not yet started (a build under way runs to its end).
    public func stopRefreshing() {
        for task in refreshing.values { task.cancel() }
        refreshing = [:]
    }

    /// Tells the cache that a push added changes of `scope`: once no further push has for `refreshAfter`, the
    /// scope's snapshot is rebuilt in the background if the newest one lacks at least half of `servedLag` (or the
    /// scope has none and holds at least `minimumChanges`), at bulk-work priority like any build.
    public func noteChanged(_ scope: ReplicaScope) {
        guard let delay = freshness.refreshAfter else { return }
        let tag = Self.tag(scope)
        refreshing[tag]?.cancel()
        refreshing[tag] = Task {
            do { try await Task.sleep(for: delay) } catch { return }
            await self.refresh(scope, tag: tag)
        }
    }

    private func refresh(_ scope: ReplicaScope, tag: String) async {
        refreshing[tag] = nil
        guard let vector = try? await store.versionVectorAsync(filter: scope) else { return }
        let held = newest(tag: tag)?.changes
        if let held {
            guard vector.total > held, vector.total - held >= max(1, freshness.servedLag / 2) else { return }
        } else {
            guard vector.total >= max(1, freshness.minimumChanges) else { return }
        }
        guard (try? await current(of: scope, vector: vector)) != nil else { return }
        refreshes += 1
    }

    /// The cached file of `tag` holding the most changes, if any.
    private nonisolated func newest(tag: String) -> (name: String, changes: UInt64)? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        var best: (name: String, changes: UInt64)?
        for name in names {
            guard let parsed = Self.parse(name), parsed.tag == tag else { continue }
            if best == nil || parsed.changes > best!.changes { best = (name, parsed.changes) }
        }
        return best
    }

    /// A cache for `store`, in `snapshots/` beside its database file, building at most `maxConcurrentBuilds` at once.
    public init(store: ReplicaStore, maxConcurrentBuilds: Int = 2) {
        self.store = store
        self.maxConcurrentBuilds = max(1, maxConcurrentBuilds)
        directory = URL(fileURLWithPath: store.path).deletingLastPathComponent().appendingPathComponent("snapshots").path
        Self.removeAbandoned(in: directory)
    }

    /// Removes the partial files of builds whose process has ended (a node stopped or killed while writing one),
    /// leaving those of a process still running (another node on the same replica may be writing them).
    static func removeAbandoned(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(buildingPrefix) {
            let pid = name.dropFirst(buildingPrefix.count).prefix { $0 != "-" }
            guard let pid = pid_t(pid), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(directory + "/" + name)
        }
    }

    /// Partial files are named `.building-<pid>-<uuid>`.
    static let buildingPrefix = ".building-"

    /// The snapshot of `scope` as the node holds it now: the cached file, or one built from one read transaction;
    /// or, with a `servedLag`, the newest cached one when it lacks fewer changes than that (a rebuild is then
    /// started in the background when refreshes are on).
    public func snapshot(of scope: ReplicaScope) async throws -> SnapshotFile {
        let vector = try await store.versionVectorAsync(filter: scope)
        // The newest file holding fewer changes than the scope now is older than it (a scope's log only grows).
        if freshness.servedLag > 0, let newest = newest(tag: Self.tag(scope)), newest.changes < vector.total,
           vector.total - newest.changes < freshness.servedLag, let file = existing(newest.name) {
            servedBehind += 1
            noteChanged(scope)
            return file
        }
        return try await current(of: scope, vector: vector)
    }

    /// The snapshot of `scope` at `vector`, its vector now: the cached file, or one built from one read transaction.
    private func current(of scope: ReplicaScope, vector: VersionVector) async throws -> SnapshotFile {
        let name = Self.fileName(scope: scope, vector: vector)
        if let file = existing(name) { return file }
        if let task = building[name] { return try await task.value }
        let task = Task { try await self.build(scope) }
        building[name] = task
        defer { building[name] = nil }
        let file = try await task.value
        removeOlder(than: file)
        return file
    }

    /// The cached file called `name` if it holds `scope`'s changes and is still there, so an interrupted download
    /// resumes from the file it began with even after the scope has moved on.
    public func cached(_ name: String, of scope: ReplicaScope) -> SnapshotFile? {
        guard let parsed = Self.parse(name), parsed.tag == Self.tag(scope) else { return nil }
        return existing(name)
    }

    private nonisolated func existing(_ name: String) -> SnapshotFile? {
        let path = directory + "/" + name
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { return nil }
        return SnapshotFile(path: path, name: name, size: size)
    }

    /// Writes the snapshot on a thread of its own (reading the log blocks, and must not hold one of Swift's
    /// cooperative threads for seconds), at bulk-work priority (`BulkWorkPriority`) into a temporary file, then renames it to the name of the vector it holds.
    private func build(_ scope: ReplicaScope) async throws -> SnapshotFile {
        if running >= maxConcurrentBuilds { await withCheckedContinuation { waiting.append($0) } } else { running += 1 }
        defer {
            // The turn passes straight to the next build waiting, if any.
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        }
        builds += 1
        peakConcurrentBuilds = max(peakConcurrentBuilds, running)
        let store = self.store
        let directory = self.directory
        let name: String = try await withCheckedThrowingContinuation { continuation in
            Thread {
                BulkWorkPriority.lowerThisThread()
                continuation.resume(with: Result { try Self.write(store: store, scope: scope, directory: directory) })
            }.start()
        }
        guard let file = existing(name) else { throw StoreError.incompatibleFormat("snapshot \(name) vanished as it was written") }
        return file
    }

    private static func write(store: ReplicaStore, scope: ReplicaScope, directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: Int(OwnerOnlyFile.directoryMode)])
        let temporary = directory + "/" + buildingPrefix + "\(getpid())-" + UUID().uuidString
        let descriptor = try OwnerOnlyFile.openNew(temporary)
        var closed = false
        defer {
            if !closed { close(descriptor) }
            unlink(temporary)
        }
        // Two lanes: this thread reads the log (SQLite, the rows decoded), a second encodes and compresses what it
        // read, a chunk at a time, so a build takes both cores rather than one; the fresh replica waits for it whole.
        let lane = SnapshotWriteLane()
        var name = ""
        var chunk: [ScopeLogEntry] = []
        chunk.reserveCapacity(SnapshotWriteLane.chunkSize)
        do {
            try store.readScopeLogEntries(filter: scope) { tips in
                let streams = tips.map { SnapshotStream(stream: $0.stream, seq: $0.seq, tipHash: $0.hash) }
                let header = SnapshotHeader(sharedScope: scope, streams: streams, changeCount: tips.reduce(0) { $0 + $1.seq })
                name = fileName(scope: scope, vector: header.vector)
                lane.start(try SnapshotWriter(header: header, level: snapshotCompressionLevel) { piece in
                    try OwnerOnlyFile.writeAll(Data(piece), to: descriptor, path: temporary)
                })
            } each: { entry in
                chunk.append(entry)
                if chunk.count == SnapshotWriteLane.chunkSize {
                    try lane.put(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { try lane.put(chunk) }
            try lane.finish()
        } catch {
            lane.cancel()
            throw error
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw WriteFailure(path: temporary, reason: String(cString: strerror(errno)))
        }
        closed = true
        guard rename(temporary, directory + "/" + name) == 0 else {
            throw WriteFailure(path: temporary, reason: String(cString: strerror(errno)))
        }
        return name
    }

    /// The gzip level of the files: a fresh replica waits for the whole build, and the content hashes, most of
    /// a snapshot's bytes, do not compress at any level. Level 1 builds in about 60 % of the time of zlib's default
    /// (6) for 2 % more bytes.
    static let snapshotCompressionLevel: Int32 = 1

    /// Why a snapshot file could not be written.
    public struct WriteFailure: Error, CustomStringConvertible {
        /// The file.
        public var path: String
        /// The system's reason.
        public var reason: String

        public var description: String { "cannot write snapshot \(path): \(reason)" }
    }

    /// Removes the files of `file`'s scope that hold fewer changes: a scope's log only grows, so they are older.
    /// A download under way keeps reading a removed file (its descriptor is open).
    private func removeOlder(than file: SnapshotFile) {
        guard let kept = Self.parse(file.name),
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            guard let other = Self.parse(name), other.tag == kept.tag, other.changes < kept.changes else { continue }
            unlink(directory + "/" + name)
        }
    }

    /// The file name of `scope`'s snapshot at `vector`: the scope, the change count and a digest of the vector.
    static func fileName(scope: ReplicaScope, vector: VersionVector) -> String {
        var text = ""
        for (stream, seq) in vector.entries.sorted(by: { $0.key < $1.key }) where seq > 0 { text += "\(stream)/\(seq)\n" }
        let digest = SHA256.hash(data: Array(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return "\(tag(scope)).\(vector.total).\(digest).gss"
    }

    /// `central`, `shared` or `dept-<code>`: department codes hold no dot, so the name splits on dots.
    static func tag(_ scope: ReplicaScope) -> String {
        switch scope {
        case .central: "central"
        case .department(let own): own.isShared ? "shared" : "dept-" + own.name
        }
    }

    /// The parts of a snapshot file name, or nil for anything else (a temporary file, a name sent by a client that
    /// is not one this cache writes).
    static func parse(_ name: String) -> (tag: String, changes: UInt64)? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3] == "gss", let changes = UInt64(parts[1]), parts[2].count == 16,
              parts[2].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let tag = String(parts[0])
        let valid = tag == "central" || tag == "shared" || (tag.hasPrefix("dept-") && Scope.isValidDepartmentCode(String(tag.dropFirst(5))))
        return valid ? (tag, changes) : nil
    }
}

/// The thread that encodes and compresses a snapshot while the build's own thread reads the log: chunks of changes
/// pass through a bounded queue (at most `capacity` wait, so memory stays bounded), and the first failure on either
/// side stops both.
final class SnapshotWriteLane: @unchecked Sendable {
    static let chunkSize = 2_000
    // Every mutable field is read and written only with `condition` locked; `writer` is touched only by the lane's
    // thread once `start` handed it over.
    private let condition = NSCondition()
    private var chunks: [[ScopeLogEntry]] = []
    private var ended = false
    private var cancelled = false
    private var started = false
    private var done = false
    private var failure: (any Error)?
    private let capacity = 2
    private var writer: SnapshotWriter?

    /// Starts the lane's thread, which writes every chunk put with `writer` and finishes it at the end.
    func start(_ writer: SnapshotWriter) {
        self.writer = writer
        condition.lock()
        started = true
        condition.unlock()
        Thread {
            BulkWorkPriority.lowerThisThread()
            self.run()
        }.start()
    }

    /// Hands over the next chunk, waiting while the queue is full; throws what stopped the lane, if it stopped.
    func put(_ chunk: [ScopeLogEntry]) throws {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && failure == nil && !done { condition.wait() }
        if let failure { throw failure }
        guard started, !done else { throw StoreError.incompatibleFormat("the snapshot's writer stopped before its last change") }
        chunks.append(chunk)
        condition.broadcast()
    }

    /// Every chunk was put: waits for the lane to write them and finish the snapshot, and throws what failed.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        ended = true
        condition.broadcast()
        guard started else { throw StoreError.incompatibleFormat("the snapshot's header was never written") }
        while !done { condition.wait() }
        if let failure { throw failure }
    }

    /// Stops the lane (what it holds is dropped) and waits for its thread to return.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        chunks.removeAll()
        condition.broadcast()
        while started && !done { condition.wait() }
    }

    private func take() -> [ScopeLogEntry]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !ended && !cancelled { condition.wait() }
        guard !cancelled, !chunks.isEmpty else { return nil }
        let chunk = chunks.removeFirst()
        condition.broadcast()
        return chunk
    }

    private func run() {
        var failed: (any Error)?
        do {
            while let chunk = take() {
                for entry in chunk { try writer!.append(entry) }
            }
            condition.lock()
            let stop = cancelled
            condition.unlock()
            if !stop { try writer!.finish() }
        } catch {
            failed = error
        }
        writer = nil
        condition.lock()
        failure = failed
        done = true
        condition.broadcast()
        condition.unlock()
    }
}
