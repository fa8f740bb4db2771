import GRDB
import GRDBSQLite

/// A cached GRDB statement bound and stepped through SQLite's C API, for the few statements every written or
/// applied change runs (insert into the log, read and store a field's heads).
///
/// GRDB's own execution boxes each argument in an existential array, validates it and asks the transaction
/// observers about every step; on these statements that cost as much as SQLite's work (and a record page's reads of
/// a record and its history). Only use it inside a transaction GRDB opened (`writer.write`, or `writer.read` for a
/// select), on statements of the `gs_*` tables that no observer watches.
struct RawStatement {
    private let handle: SQLiteStatement
    private let connection: SQLiteConnection?

    /// Takes the cached statement for `sql`, reset and with no bindings.
    init(_ db: Database, sql: String) throws {
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ index: Int32, _ value: Int) throws {
        try check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    /// Binds text (copied by SQLite). An empty string is bound as empty text, never as NULL.
    func bind(_ index: Int32, _ text: String) throws {
        var text = text
        let code = text.withUTF8 { bytes in
            if let base = bytes.baseAddress, bytes.count > 0 {
                return sqlite3_bind_text(handle, index, base, Int32(bytes.count), Self.transient)
            }
            return sqlite3_bind_text(handle, index, "", 0, Self.transient)
        }
        try check(code)
    }

    /// A bind that failed (a value too big, an index out of range) is an error, never a NULL left in its place.
    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Runs a statement that returns no rows, then resets it.
    func run() throws {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Steps once: true when a row is available (read it with `int64`/`text`), false when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw failure(code)
        }
    }

    /// Resets the statement after `step`, so it holds no read lock or cursor.
    func reset() { sqlite3_reset(handle) }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    /// Whether the column holds exactly `text`'s UTF-8 (NULL as empty text), without making a string of it.
    func textEquals(_ column: Int32, _ text: String) -> Bool {
        guard let bytes = sqlite3_column_text(handle, column) else { return text.isEmpty }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))).elementsEqual(text.utf8)
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = connection.map { String(cString: sqlite3_errmsg($0)) }
        sqlite3_reset(handle)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message,
                             sql: String(cString: sqlite3_sql(handle)))
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
