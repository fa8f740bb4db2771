import GRDB
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
