import GRDB
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// A replica written before heads moved into field rows opens with the same state, heads and conflicts.
@Suite struct MigrationTests {
    @Test func headsTableIsFoldedIntoFieldRows() throws {
        let replicas = try TestReplicas()
        let left = try replicas.department("left", "AUTO")
        let right = try replicas.department("right", "AUTO")
        let record = RecordID.graduate("2020001", in: "AUTO")
        let created = try left.write(record, fields: ["name": .string("李雷"), "gender": .string("1")], mode: .create, author: "s")
        try right.apply(created)
        // Concurrent edits of one field: two heads, a conflict.
        let fromLeft = try left.write(record, fields: ["name": .string("李蕾")], mode: .update, author: "left")
        let fromRight = try right.write(record, fields: ["name": .string("李磊")], mode: .update, author: "right")
        try left.apply(fromRight)
        let state = try left.maintenance.materializedState()
        let journal = try left.conflicts()
        #expect(try left.heads(record, field: "name").count == 2)
        let path = left.path
        try left.close()

        // Put the file back in the layout of migration v2: one gs_head row per head, no heads column.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE gs_head (
                    scope TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL,
                    change INTEGER NOT NULL REFERENCES gs_change(rowid),
                    PRIMARY KEY (scope, collection, key, field, change)) WITHOUT ROWID;
                WITH RECURSIVE split(scope, collection, key, field, rest, head) AS (
                    SELECT scope, collection, key, field, heads || ',', NULL FROM gs_field
                    UNION ALL
                    SELECT scope, collection, key, field, substr(rest, instr(rest, ',') + 1), CAST(substr(rest, 1, instr(rest, ',') - 1) AS INTEGER)
                    FROM split WHERE rest <> '')
                INSERT INTO gs_head SELECT scope, collection, key, field, head FROM split WHERE head IS NOT NULL;
                ALTER TABLE gs_field DROP COLUMN heads;
                DELETE FROM grdb_migrations WHERE identifier = 'v3-heads-in-field-rows';
                """)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM gs_head") == 3)
        }
        try queue.close()

        let reopened = try ReplicaStore.open(at: path)
        #expect(try reopened.maintenance.materializedState() == state)
        #expect(try reopened.conflicts() == journal)
        #expect(Set(try reopened.heads(record, field: "name").map(\.id)) == Set((fromLeft + fromRight).map(\.id)))
        #expect(try reopened.maintenance.verify().isHealthy)
        // And it keeps working: a resolution closes the conflict.
        try reopened.write(record, fields: ["name": .string("李雷")], mode: .update, author: "office")
        #expect(try reopened.conflicts().isEmpty)
    }

    @Test func replicasSeenBeforeBindingsAreBoundToTheTokenTheyWereLastSeenWith() async throws {
        let replicas = try TestReplicas()
        let node = try replicas.make("central", scope: .central)
        let token = try node.tokens.issue(scope: .department(try .department("AUTO"))).info
        let laptop = ReplicaID.random().hex
        try await node.health.recordClientSeen(replicaID: laptop, scope: "AUTO", tokenID: token.id, lacking: 0, clockOffsetMilliseconds: 0,
                                               synced: true, errorCode: nil)
        try await node.health.recordClientSeen(replicaID: ReplicaID.random().hex, scope: "AUTO", tokenID: nil, lacking: 0,
                                               clockOffsetMilliseconds: 0, synced: true, errorCode: nil)
        let path = node.path
        try node.close()
        // Back to the layout before bindings: no table, the migration not yet run.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE gs_replica_binding; DELETE FROM grdb_migrations WHERE identifier = 'v4-replica-bindings'")
        }
        try queue.close()

        let reopened = try ReplicaStore.open(at: path)
        #expect(try reopened.tokens.replicaBindings() == [laptop: token.id])
        let other = try reopened.tokens.issue(scope: .department(try .department("AUTO"))).info
        #expect(try await reopened.tokens.claimReplica(laptop, token: other, bind: true) == .refused(boundTokenID: token.id))
        #expect(try await reopened.tokens.claimReplica(laptop, token: token, bind: true) == .held)
    }
}
