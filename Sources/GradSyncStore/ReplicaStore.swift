import Foundation
import GRDB
import GRDBSQLite
import GradSyncCore
import Synchronization

/// A replica: the change log, the materialised state, the version vector and the conflict journal
/// in one SQLite file (WAL mode, one writer at a time, safe across processes).
///
/// ```swift
/// let store = try ReplicaStore.create(at: "/data/replica.sqlite", scope: .department(try .department("AUTO")))
/// try store.write(RecordID(scope: try .department("AUTO"), collection: "graduate", key: "2020001"),
///                 fields: ["name": .string("张三")], mode: .create, author: "secretary")
/// ```
public final class ReplicaStore: Sendable {
    /// The SQLite file.
    public let path: String
    /// This replica's id, created once and never reused.
    public let replicaID: ReplicaID
    /// What this replica holds and may write.
    public let scope: ReplicaScope
    /// The clock rule, with this replica's drift allowance.
    public let clockRule: HybridClockRule
    /// This replica's key pair, which proves at a sync handshake that a client is this replica.
    public let key: ReplicaKey
    /// Whether this open made the key: the replica was made before replicas had keys (said once, by the caller).
    public let keyMadeOnOpen: Bool

    let writer: DatabasePool
    let validator: any ChangeValidator
    let wallClock: @Sendable () -> UInt64
    /// Origin replica ids by their small integer, and back; both only grow, so caching is safe.
    let origins = Mutex<OriginCache>(OriginCache())
    /// What a serving node saw of its clients, written behind the requests (see `ClientNotes`).
    let clientNotes = ClientNotes()

    /// How a store is opened: the per-change validator and the wall clock (tests inject one).
    public struct Options: Sendable {
        /// Checks each change on its own when written and when received.
        public var validator: any ChangeValidator
        /// The wall clock in Unix milliseconds.
        public var wallClock: @Sendable () -> UInt64
        /// How long a writer waits for another process's write lock before giving up, in seconds.
        public var busyTimeout: TimeInterval

        /// Options with the given validator (default: accept all) and the system clock.
        public init(validator: any ChangeValidator = AcceptAllValidator(),
                    wallClock: @escaping @Sendable () -> UInt64 = ReplicaStore.systemWallClock,
                    busyTimeout: TimeInterval = 30) {
            self.validator = validator
            self.wallClock = wallClock
            self.busyTimeout = busyTimeout
        }
    }

    /// The system wall clock, Unix milliseconds.
    public static let systemWallClock: @Sendable () -> UInt64 = {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    private init(path: String, writer: DatabasePool, options: Options, keyMadeOnOpen: Bool = false) throws {
        self.path = path
        self.writer = writer
        self.validator = options.validator
        self.wallClock = options.wallClock
        let row = try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT replica_id, scope, max_drift_ms, signing_key FROM gs_replica WHERE singleton = 1")
        }
        guard let row, let id = ReplicaID(hex: row["replica_id"]),
              let scope = try? ReplicaScope(parsing: row["scope"] as String) else {
            throw StoreError.notInitialized(path: path)
        }
        guard let keyBytes = row["signing_key"] as Data?, let key = ReplicaKey(privateBytes: Array(keyBytes)) else {
            throw StoreError.incompatibleFormat("its replica key is missing or damaged")
        }
        self.key = key
        self.keyMadeOnOpen = keyMadeOnOpen
        self.replicaID = id
        self.scope = scope
        self.clockRule = HybridClockRule(maxDriftMilliseconds: UInt64(row["max_drift_ms"] as Int64))
    }

    /// Reader connections a store opens at most (GRDB's default is 5). A node's low-priority work holds some for a
    /// while — a pull page's read on each of its two bulk-work threads, and up to two snapshot builds — and would then
    /// leave a handshake's or a dashboard page's read too few; with eight, four always remain. An idle connection costs
    /// nothing until it is first used.
    static let readerConnections = 8

    private static func makePool(path: String, options: Options) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.maximumReaderCount = readerConnections
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
        }
        return try DatabasePool(path: path, configuration: configuration)
    }

    /// Creates a new replica file at `path` with a fresh (or given) replica id.
    public static func create(at path: String, scope: ReplicaScope, replicaID: ReplicaID = .random(),
                              maxDriftMilliseconds: UInt64 = HybridClockRule.defaultMaxDriftMilliseconds,
                              options: Options = Options()) throws -> ReplicaStore {
        if FileManager.default.fileExists(atPath: path) {
            let existing = try makePool(path: path, options: options)
            let initialized = try existing.read { db in try db.tableExists("gs_replica") }
            try existing.close()
            if initialized { throw StoreError.alreadyInitialized(path: path) }
        } else {
            try createOwnerOnly(path)
        }
        let pool = try makePool(path: path, options: options)
        try StoreSchema.migrator().migrate(pool)
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO gs_replica (singleton, replica_id, scope, created_at_ms, max_drift_ms, signing_key) VALUES (1, ?, ?, ?, ?, ?)",
                arguments: [replicaID.hex, scope.description, Int64(options.wallClock()), Int64(maxDriftMilliseconds),
                            Data(ReplicaKey.generate().privateBytes)])
            try db.execute(sql: "INSERT INTO gs_origin (replica_id) VALUES (?)", arguments: [replicaID.hex])
        }
        return try ReplicaStore(path: path, writer: pool, options: options)
    }

    /// Creates an empty database file with mode 0600 before SQLite opens it, so the database and the WAL and
    /// shared-memory files SQLite makes beside it (with the database file's mode) are the owner's alone.
    static func createOwnerOnly(_ path: String) throws {
        do {
            try OwnerOnlyFile.createEmpty(path)
        } catch let failure where failure.alreadyExists {
            throw StoreError.alreadyInitialized(path: path)
        }
    }

    /// Opens the existing replica at `path`; a missing file is `notInitialized`, never created.
    public static func open(at path: String, options: Options = Options()) throws -> ReplicaStore {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notInitialized(path: path) }
        let pool = try makePool(path: path, options: options)
        let initialized = try pool.read { db in try db.tableExists("gs_replica") }
        guard initialized else { throw StoreError.notInitialized(path: path) }
        let migrator = StoreSchema.migrator()
        if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
            throw StoreError.incompatibleFormat("it was written by a newer version of GradSync")
        }
        let hadKey = try pool.read { db in try migrator.appliedIdentifiers(db).contains("v8-replica-keys") }
        try migrator.migrate(pool)
        return try ReplicaStore(path: path, writer: pool, options: options, keyMadeOnOpen: !hadKey)
    }

    /// Closes the database; the store must not be used afterwards.
    public func close() throws {
        try clientNotes.close(writer: writer)
        try writer.close()
    }

    /// The number of changes held.
    public func changeCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM gs_change") ?? 0 }
    }

    /// The number of changes held, from an async context.
    public func changeCountAsync() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM gs_change") ?? 0 }
    }

    /// The highest stamp this replica has issued.
    public func lastIssuedStamp() throws -> HLCTimestamp {
        try writer.read { db in
            HLCTimestamp(rawValue: UInt64(bitPattern: try Int64.fetchOne(db, sql: "SELECT last_hlc FROM gs_replica") ?? 0))
        }
    }

    /// What this replica holds: its version vector, restricted to `filter` when given.
    public func versionVector(filter: ReplicaScope? = nil) throws -> VersionVector {
        try writer.read { db in try self.readVector(db, filter: filter) }
    }

    func readVector(_ db: Database, filter: ReplicaScope?) throws -> VersionVector {
        var vector = VersionVector()
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT origin, scope, seq FROM gs_vector"))
        while let row = try rows.next() {
            let scope = Scope(storedName: row[1])
            if let filter, !filter.holds(scope) { continue }
            let origin = try originID(db, number: row[0])
            vector[StreamKey(origin: origin, scope: scope)] = UInt64(row[2] as Int64)
        }
        return vector
    }
}

/// The two-way map between replica ids and their small integers in `gs_origin`.
struct OriginCache {
    var numbers: [ReplicaID: Int64] = [:]
    var ids: [Int64: ReplicaID] = [:]
}

extension ReplicaStore {
    /// Adds any unknown origins to `gs_origin` in a transaction of their own, before a page is applied.
    ///
    /// The origin table is only a dictionary of ids, so committing it first is harmless even when the page
    /// is then refused, and it keeps the in-memory cache from ever holding a rolled-back number.
    func registerOrigins(_ ids: Set<ReplicaID>) throws {
        let unknown = unknownOrigins(ids)
        guard !unknown.isEmpty else { return }
        try writer.write { db in try self.insertOrigins(db, unknown) }
        try writer.read { db in try self.cacheOrigins(db, unknown) }
    }

    /// The same, from an async context: GRDB's blocking calls must never run on the cooperative pool, whose
    /// few threads they could all hold while the work they wait for needs one of them.
    func registerOriginsAsync(_ ids: Set<ReplicaID>) async throws {
        let unknown = unknownOrigins(ids)
        guard !unknown.isEmpty else { return }
        try await writer.write { db in try self.insertOrigins(db, unknown) }
        try await writer.read { db in try self.cacheOrigins(db, unknown) }
    }

    private func unknownOrigins(_ ids: Set<ReplicaID>) -> Set<ReplicaID> {
        ids.filter { id in origins.withLock { $0.numbers[id] } == nil }
    }

    private func insertOrigins(_ db: Database, _ ids: Set<ReplicaID>) throws {
        for id in ids {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO gs_origin (replica_id) VALUES (?)").execute(arguments: [id.hex])
        }
    }

    private func cacheOrigins(_ db: Database, _ ids: Set<ReplicaID>) throws {
        for id in ids { _ = try existingOriginNumber(db, for: id) }
    }

    /// The small integer of a registered origin.
    func originNumber(_ db: Database, for origin: ReplicaID) throws -> Int64 {
        guard let number = try existingOriginNumber(db, for: origin) else {
            throw StoreError.incompatibleFormat("origin \(origin) was not registered")
        }
        return number
    }

    /// The small integer of `origin` when it is known, without adding it.
    func existingOriginNumber(_ db: Database, for origin: ReplicaID) throws -> Int64? {
        if let known = origins.withLock({ $0.numbers[origin] }) { return known }
        guard let number = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM gs_origin WHERE replica_id = ?"),
                                              arguments: [origin.hex]) else { return nil }
        remember(origin, number)
        return number
    }

    /// The replica id of a small integer from `gs_origin`.
    func originID(_ db: Database, number: Int64) throws -> ReplicaID {
        if let known = origins.withLock({ $0.ids[number] }) { return known }
        guard let hex = try String.fetchOne(db.cachedStatement(sql: "SELECT replica_id FROM gs_origin WHERE id = ?"), arguments: [number]),
              let id = ReplicaID(hex: hex) else {
            throw StoreError.incompatibleFormat("origin \(number) is missing from gs_origin")
        }
        remember(id, number)
        return id
    }

    private func remember(_ id: ReplicaID, _ number: Int64) {
        origins.withLock { cache in
            cache.numbers[id] = number
            cache.ids[number] = id
        }
    }
}

extension Scope {
    /// A scope read back from the store, where only valid names were ever written.
    init(storedName: String) {
        self = (try? Scope(storedName)) ?? Scope.shared
    }
}

extension ReplicaStore {
    /// The version vector, from an async context.
    public func versionVectorAsync(filter: ReplicaScope? = nil) async throws -> VersionVector {
        try await writer.read { db in try self.readVector(db, filter: filter) }
    }
}

extension ReplicaStore {
    /// This replica's wall clock now, Unix milliseconds.
    public func wallClockNow() -> UInt64 { wallClock() }
}

extension ReplicaStore {
    /// The bearer tokens this node issued and the replica ids bound to them, in this store's database.
    public var tokens: TokenRegistry { TokenRegistry(writer: writer, scope: scope, wallClock: wallClock) }

    /// The dashboard sessions signed in on this node, in this store's database.
    public var sessions: SessionRegistry { SessionRegistry(writer: writer) }

    /// The sync health this store keeps: its remotes (client side) and the replicas that sync with it (node side).
    public var health: SyncHealth { SyncHealth(writer: writer, wallClock: wallClock, clientNotes: clientNotes) }

    /// Backup, restore and the checks of the materialised state against the change log.
    public var maintenance: ReplicaMaintenance { ReplicaMaintenance(store: self) }
}

extension ReplicaStore {
    /// How many times SQLite prepared again a statement the writer connection holds (a statement whose plan
    /// depends on a parameter's value is prepared again whenever that value changes). For tests.
    func statementReprepares() throws -> Int {
        try writer.write { db in
            var total: Int32 = 0
            var statement = sqlite3_next_stmt(db.sqliteConnection, nil)
            while let current = statement {
                total += sqlite3_stmt_status(current, Int32(SQLITE_STMTSTATUS_REPREPARE), 0)
                statement = sqlite3_next_stmt(db.sqliteConnection, current)
            }
            return Int(total)
        }
    }
}
