import GRDB
import GradSyncCore
@testable import GradSyncStore
import GradSyncTesting
import PropertyBased
import Testing

/// The store and the reference model run one merge rule (`MergeRule`) on two head types: the store's rows, which hold
/// canonical JSON text, and `Change`s, which hold values. These tests fail if the two head types ever disagree.
@Suite struct MergeRuleAgreementTests {
    /// Values whose canonical bytes differ although some are alike to Swift or to a reader: `é` composed and
    /// decomposed, `1` and `"1"`, an object and a string.
    static let values: [FieldValue] = [
        .string("\u{E9}"), .string("e\u{301}"), .string("a"), .integer(1), .string("1"), .null, .bool(true),
        .object(["k": .string("\u{E9}"), "j": .list([.integer(2)])]), .object(["k": .string("e\u{301}"), "j": .list([.integer(2)])]),
    ]
    static let origins = (1...5).map { ReplicaID(hex: String(repeating: "0", count: 31) + String($0, radix: 16))! }
    static let record = RecordID.graduate("2020001", in: "AUTO")

    /// Concurrent changes of one field (none names another), with few distinct stamps so ties are common.
    static func concurrentChanges(using random: inout SplitMix64) -> [Change] {
        origins.shuffled(using: &random).prefix(Int.random(in: 1...5, using: &random)).map { origin in
            Change(id: ChangeID(origin: origin, scope: record.scope, seq: 1),
                   hlc: HLCTimestamp(milliseconds: UInt64.random(in: 1_000...1_002, using: &random)),
                   collection: record.collection, key: record.key, field: "name",
                   value: values.randomElement(using: &random)!, author: "t")
        }
    }

    @Test func storeRowsAndChangesGiveTheSameWinnerConflictAndNoOpVerdicts() async {
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            let changes = Self.concurrentChanges(using: &random)
            let rows = changes.enumerated().map { index, change in
                ReplicaStore.HeadRow(rowID: Int64(index + 1), id: change.id, hlc: change.hlc, value: CanonicalBytes.text(change.value))
            }
            #expect(MergeRule.winnerIndex(of: rows) == MergeRule.winnerIndex(of: changes), "seed \(seed)")
            #expect(MergeRule.ordered(rows).map(\.id) == MergeRule.ordered(changes).map(\.id), "seed \(seed)")
            #expect(MergeRule.isConflicted(rows) == MergeRule.isConflicted(changes), "seed \(seed)")
            for value in Self.values {
                #expect(MergeRule.writeIsNoOp(rows, value: CanonicalBytes.text(value)) == MergeRule.writeIsNoOp(changes, value: value),
                        "seed \(seed): \(value)")
            }
            for (row, change) in zip(rows, changes) {
                for (otherRow, otherChange) in zip(rows, changes) {
                    #expect(row.holdsSameValue(as: otherRow) == change.holdsSameValue(as: otherChange), "seed \(seed)")
                    #expect(row.winsOver(otherRow) == change.winsOver(otherChange), "seed \(seed)")
                }
            }
        }
    }

    /// Concurrent heads applied in any order and pages show what `FieldMerge` computes, and a local write is
    /// skipped exactly when `FieldMerge` calls it a no-op.
    @Test func appliedConcurrentHeadsShowWhatTheFieldMergeShows() async {
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            do {
                var random = SplitMix64(seed: seed)
                let changes = Self.concurrentChanges(using: &random)
                let replicas = try TestReplicas()
                defer { withExtendedLifetime(replicas) {} }
                let store = try replicas.department("store", "AUTO")
                var arriving = changes.shuffled(using: &random)
                while !arriving.isEmpty {
                    let page = Array(arriving.prefix(Int.random(in: 1...3, using: &random)))
                    arriving.removeFirst(page.count)
                    try store.apply(page)
                }
                let merge = FieldMerge(changes: changes)
                #expect(try store.heads(Self.record, field: "name") == merge.heads, "seed \(seed)")
                let shown = try store.record(Self.record)
                #expect(shown?.fields["name"] == merge.winner?.value, "seed \(seed)")
                #expect(shown?.conflictedFields.contains("name") == merge.isConflicted, "seed \(seed)")
                #expect(try store.materializedState() == MergedState(changes: changes), "seed \(seed)")
                let value = Self.values.randomElement(using: &random)!
                let written = try store.write(Self.record, fields: ["name": value], mode: .update, author: "t")
                #expect(written.isEmpty == merge.writeIsNoOp(value), "seed \(seed): writing \(value)")
            } catch {
                Issue.record("seed \(seed) failed: \(error)")
            }
        }
    }

    /// Statements name the tombstone through one constant; the partial index's definition in migration "v1" spells
    /// it out and can never change, so the two must agree or SQLite would stop using the index.
    @Test func theTombstoneLiteralIsTheOneThePartialIndexNames() throws {
        let replicas = try TestReplicas()
        defer { withExtendedLifetime(replicas) {} }
        let store = try replicas.department("store", "AUTO")
        let (definition, plan) = try store.writer.read { db in
            (try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'gs_field_deleted'"),
             try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ReplicaStore.shownDeletedSQL).map { $0["detail"] as String })
        }
        #expect(definition?.hasSuffix("WHERE field = \(StoreSchema.tombstoneFieldLiteral)") == true)
        #expect(plan.contains { $0.contains("gs_field_deleted") }, "plan: \(plan)")
    }
}
