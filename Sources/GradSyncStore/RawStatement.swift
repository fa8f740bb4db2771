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
    private let texts: TextSlots?

    /// Takes the cached statement for `sql`, reset and with no bindings.
    ///
    /// With `reusingTextBuffers`, bound texts are copied into buffers the statement keeps for its parameters (see
    /// `TextSlots`) instead of into a copy SQLite allocates and frees per bind: for a statement run once per change of
    /// a long load, where those allocations cost a fifth of the writer's time.
    init(_ db: Database, reusingTextBuffers: Bool = false, sql: String) throws {
        let statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        texts = reusingTextBuffers ? TextSlots(statement) : nil
    }

    func bind(_ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    func bind(_ index: Int32, _ value: Int) throws {
        try check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    /// Binds text (copied by SQLite, or into the statement's own buffer). An empty string is bound as empty text,
    /// never as NULL.
    func bind(_ index: Int32, _ text: String) throws {
        if let texts {
            try check(texts.bind(text, at: index))
            return
        }
        var text = text
        let code = text.withUTF8 { bytes in
            if let base = bytes.baseAddress, bytes.count > 0 {
                return sqlite3_bind_text(handle, index, base, Int32(bytes.count), Self.transient)
            }
            return sqlite3_bind_text(handle, index, "", 0, Self.transient)
        }
        try check(code)
    }

    /// The rowid of the last row inserted on this connection, read without going through GRDB's queue checks.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// How many rows the last statement run on this connection inserted, updated or deleted.
    var changesCount: Int { Int(sqlite3_changes(connection)) }

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

/// Buffers a statement's text parameters are copied into and bound from (`SQLITE_STATIC`), one per parameter, kept
/// from one bind to the next: SQLite then neither allocates nor frees a copy per bound text, each of which also takes
/// its memory-statistics mutex twice.
///
/// SQLite reads a static binding until the parameter is bound again or the bindings are cleared, so the buffers live as
/// long as this object, which holds the statement (its handle cannot be finalized first, even when GRDB empties its
/// statement cache after a schema change) and clears the bindings before it frees them.
final class TextSlots {
    private let statement: Statement
    private let handle: SQLiteStatement
    /// One buffer per parameter, from parameter 1. A fixed allocation rather than an array property, so a bind
    /// costs no exclusivity check or reference count.
    private let slots: UnsafeMutableBufferPointer<UnsafeMutableRawBufferPointer>

    init(_ statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
        let count = Int(sqlite3_bind_parameter_count(handle))
        slots = .allocate(capacity: count)
        // Never empty, so even empty text is bound from a real pointer (a null pointer would bind NULL).
        for index in 0..<count { slots.initializeElement(at: index, to: .allocate(byteCount: 64, alignment: 1)) }
    }

    /// Copies `text` into parameter `index`'s buffer and binds it from there; SQLite's result code.
    func bind(_ text: String, at index: Int32) -> Int32 {
        let slot = Int(index) - 1
        // Out of range: SQLite refuses the index itself, as it does for a copied bind.
        guard slot >= 0, slot < slots.count else { return sqlite3_bind_null(handle, index) }
        if let code = text.utf8.withContiguousStorageIfAvailable({ bind($0, slot: slot) }) { return code }
        var text = text
        return text.withUTF8 { bind($0, slot: slot) }
    }

    private func bind(_ bytes: UnsafeBufferPointer<UInt8>, slot: Int) -> Int32 {
        if slots[slot].count < bytes.count {
            // The parameter's old binding is replaced below, before the statement runs again.
            let size = max(bytes.count, 2 * slots[slot].count)
            slots[slot].deallocate()
            slots[slot] = .allocate(byteCount: size, alignment: 1)
        }
        let buffer = slots[slot].baseAddress!
        if let source = bytes.baseAddress { buffer.copyMemory(from: source, byteCount: bytes.count) }
        return sqlite3_bind_text(handle, Int32(slot + 1), buffer.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                                 nil /* SQLITE_STATIC */)
    }

    deinit {
        sqlite3_clear_bindings(handle)
        for buffer in slots { buffer.deallocate() }
        slots.deallocate()
    }
}
