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
