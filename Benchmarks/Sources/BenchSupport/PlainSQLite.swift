import Foundation
import GRDBSQLite

/// The ceiling every benchmark is compared with: SQLite's C API with prepared statements, nothing else.
///
/// Opened with the settings the store uses (WAL, `synchronous = NORMAL`), so the ratio measures the
/// store's own work, not a difference in durability.
public final class PlainSQLite {
    private var handle: OpaquePointer?

    /// Opens (creating) the file at `path`.
    public init(path: String) throws {
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            throw PlainSQLiteError(message: "cannot open \(path)")
        }
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs SQL without results.
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(error)
            throw PlainSQLiteError(message: message)
        }
    }

    /// A prepared statement, reused across executions.
    public func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
            throw PlainSQLiteError(message: String(cString: sqlite3_errmsg(handle)))
        }
        return Statement(statement)
    }

    /// A prepared statement: bind, step, reset.
    public final class Statement {
        let pointer: OpaquePointer
        init(_ pointer: OpaquePointer) { self.pointer = pointer }
        deinit { sqlite3_finalize(pointer) }

        public func bind(_ index: Int32, _ text: String) {
            sqlite3_bind_text(pointer, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }

        public func bind(_ index: Int32, _ number: Int64) { sqlite3_bind_int64(pointer, index, number) }

        /// Steps once; true while a row is available.
        @discardableResult
        public func step() throws -> Bool {
            switch sqlite3_step(pointer) {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw PlainSQLiteError(message: String(cString: sqlite3_errmsg(sqlite3_db_handle(pointer))))
            }
        }

        public func reset() {
            sqlite3_reset(pointer)
            sqlite3_clear_bindings(pointer)
        }

        public func text(_ column: Int32) -> String {
            guard let bytes = sqlite3_column_text(pointer, column) else { return "" }
            return String(cString: bytes)
        }

        public func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }
    }
}

/// A failed SQLite call in a baseline.
public struct PlainSQLiteError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// One field of one record as the baselines store it: the same columns the store's `gs_field` row holds.
public struct FieldRow: Sendable {
    public var scope: String
    public var collection: String
    public var key: String
    public var field: String
    /// The value's canonical JSON text, as the store keeps it.
    public var value: String
    public var hlc: Int64

    public init(scope: String, collection: String, key: String, field: String, value: String, hlc: Int64) {
        self.scope = scope
        self.collection = collection
        self.key = key
        self.field = field
        self.value = value
        self.hlc = hlc
    }
}

/// The plain-SQLite baselines: a field table with the store's primary key, written and read with prepared statements.
public final class PlainFieldTable {
    public let database: PlainSQLite
    private let upsert: PlainSQLite.Statement
    private let insert: PlainSQLite.Statement

    /// Creates the table in a new file at `path`.
    public init(path: String) throws {
        database = try PlainSQLite(path: path)
        try database.execute("""
            CREATE TABLE IF NOT EXISTS field (
                scope TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL,
                value TEXT NOT NULL, hlc INTEGER NOT NULL,
                PRIMARY KEY (scope, collection, key, field)
            ) WITHOUT ROWID
            """)
        upsert = try database.prepare("""
            INSERT INTO field (scope, collection, key, field, value, hlc) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (scope, collection, key, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc
            WHERE excluded.hlc > hlc
            """)
        insert = try database.prepare("INSERT INTO field (scope, collection, key, field, value, hlc) VALUES (?, ?, ?, ?, ?, ?)")
    }

    /// Last-writer-wins upsert of `rows` in one transaction.
    public func upsert(_ rows: some Sequence<FieldRow>) throws {
        try run(upsert, rows)
    }

    /// Plain insert of `rows` in one transaction.
    public func insert(_ rows: some Sequence<FieldRow>) throws {
        try run(insert, rows)
    }

    /// Starts the one transaction a long baseline inserts in.
    public func begin() throws { try database.execute("BEGIN IMMEDIATE") }

    /// Commits it.
    public func commit() throws { try database.execute("COMMIT") }

    /// Plain insert of `rows` inside a transaction begun with `begin()`.
    public func insertWithoutTransaction(_ rows: some Sequence<FieldRow>) throws {
        try bindAndStep(insert, rows)
    }

    private func run(_ statement: PlainSQLite.Statement, _ rows: some Sequence<FieldRow>) throws {
        try database.execute("BEGIN IMMEDIATE")
        try bindAndStep(statement, rows)
        try database.execute("COMMIT")
    }

    private func bindAndStep(_ statement: PlainSQLite.Statement, _ rows: some Sequence<FieldRow>) throws {
        for row in rows {
            statement.bind(1, row.scope)
            statement.bind(2, row.collection)
            statement.bind(3, row.key)
            statement.bind(4, row.field)
            statement.bind(5, row.value)
            statement.bind(6, row.hlc)
            try statement.step()
            statement.reset()
        }
    }
}
