import GRDB
import GRDBSQLite
import GradSyncCore
@testable import GradSyncStore
import GradSyncTesting
import Testing

/// Prepared statements stay prepared: no statement on the hot path is compiled again for each change.
@Suite struct StatementReuseTests {
    @Test func applyingAndWritingNeverPrepareStatementsAgain() throws {
        let replicas = try TestReplicas()
        let left = try replicas.department("left", "AUTO")
        let right = try replicas.department("right", "AUTO")
        for number in 0..<20 {
            let record = RecordID.graduate("20200\(10 + number)", in: "AUTO")
            let changes = try left.write(record, fields: ["name": .string("学生\(number)"), "gender": .string("1"),
                                                          "major_code": .string("080901")], mode: .create, author: "s")
            try right.apply(changes)
            try left.write(record, fields: ["name": .string("学生\(number)乙")], mode: .update, author: "s")
        }
        try right.apply(try left.changes(missingFrom: right.versionVector(), filter: .central, limit: 1_000).changes)
        #expect(try left.statementReprepares() == 0)
        #expect(try right.statementReprepares() == 0)
    }
}

/// Statements bound through SQLite's C API: a failed bind is an error, and an empty string is text, not NULL.
@Suite struct RawStatementTests {
    @Test func failedBindIsAnErrorAndEmptyTextIsNotNull() throws {
        let replicas = try TestReplicas()
        let store = try replicas.department("left", "AUTO")
        try store.writer.write { db in
            let statement = try RawStatement(db, sql: "SELECT ?1 IS NULL, length(?1)")
            #expect(throws: DatabaseError.self) { try statement.bind(2, "no such parameter") }
            try statement.bind(1, "")
            #expect(try statement.step())
            #expect(statement.int64(0) == 0)
            #expect(statement.int64(1) == 0)
            statement.reset()
        }
    }
}

/// Texts bound from a statement's own buffers (`reusingTextBuffers`), as a snapshot load binds them.
@Suite struct TextSlotsTests {
    @Test func everyTextIsBoundAsItIsWhateverItsSizeAndTheBuffersAreNotLeftBound() throws {
        let replicas = try TestReplicas()
        let store = try replicas.department("left", "AUTO")
        let sql = "SELECT ?1 IS NULL, ?1, ?2"
        try store.writer.write { db in
            let statement = try RawStatement(db, reusingTextBuffers: true, sql: sql)
            #expect(throws: DatabaseError.self) { try statement.bind(3, "no such parameter") }
            // Growing past the first buffer, shrinking again, empty, and text that is not ASCII.
            let texts = ["a", String(repeating: "长", count: 700), "b", "", "2024\u{0}01", String(repeating: "x", count: 65), "é"]
            for (index, text) in texts.enumerated() {
                try statement.bind(1, text)
                try statement.bind(2, texts[(index + 1) % texts.count])
                #expect(try statement.step())
                #expect(statement.int64(0) == 0)
                #expect(statement.textEquals(1, text))
                #expect(statement.textEquals(2, texts[(index + 1) % texts.count]))
                statement.reset()
            }
        }
        try store.writer.write { db in
            // The statement that borrowed the buffers is gone, and its bindings went with them: stepped as GRDB caches
            // it, without binding anything, ?1 is NULL again.
            let handle = try db.cachedStatement(sql: sql).sqliteStatement
            defer { sqlite3_reset(handle) }
            #expect(sqlite3_step(handle) == SQLITE_ROW)
            #expect(sqlite3_column_int64(handle, 0) == 1)
        }
    }
}

/// The field counts a snapshot load keeps for the received-field limit: a record it has forgotten is counted again.
@Suite struct CreatedFieldCountsTests {
    @Test func theLastRecordIsAlwaysKnownAndOthersUntilTheCapacityIsPassed() {
        let records = (0..<5).map { RecordID.graduate("20240\($0)", in: "AUTO") }
        var counts = CreatedFieldCounts(capacity: 2)
        #expect(counts.count(of: records[0]) == nil)
        counts.set(1, for: records[0])
        counts.set(2, for: records[0])
        #expect(counts.count(of: records[0]) == 2)
        counts.set(7, for: records[1])
        counts.set(3, for: records[2])
        #expect(counts.count(of: records[0]) == 2)
        #expect(counts.count(of: records[1]) == 7)
        #expect(counts.count(of: records[2]) == 3)
        // A third record besides the last passes the capacity: the others are forgotten, the last one is not.
        counts.set(4, for: records[3])
        counts.set(5, for: records[4])
        #expect(counts.count(of: records[0]) == nil)
        #expect(counts.count(of: records[1]) == nil)
        #expect(counts.count(of: records[3]) == 4)
        #expect(counts.count(of: records[4]) == 5)
    }
}
