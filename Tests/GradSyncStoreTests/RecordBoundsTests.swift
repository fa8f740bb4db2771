import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// The bounds every store keeps whatever its validator: record keys, control characters, value size, fields per record.
@Suite struct RecordBoundsTests {
    let replicas: TestReplicas
    let local: ReplicaStore
    let receiver: ReplicaStore
    let record = RecordID.graduate("2020001", in: "AUTO")
    let peer = ReplicaID(hex: "000000000000000000000000000000d4")!

    init() throws {
        replicas = try TestReplicas()
        local = try replicas.department("local", "AUTO")
        receiver = try replicas.department("receiver", "AUTO")
    }

    /// A remote change of `record` (or `key`), seq `seq` of the peer's stream.
    func remote(_ field: String, _ value: FieldValue, seq: UInt64 = 1, key: String? = nil, author: String = "peer") -> Change {
        Change(id: ChangeID(origin: peer, scope: record.scope, seq: seq), hlc: HLCTimestamp(milliseconds: 1_000 + seq),
               collection: record.collection, key: key ?? record.key, field: field, value: value, author: author)
    }

    /// The validation refusal `body` throws, or nil.
    func refusal(_ body: () throws -> Void) -> ValidationError? {
        do {
            try body()
        } catch StoreError.invalid(let error) {
            return error
        } catch {
            Issue.record("expected a validation refusal, got \(error)")
        }
        return nil
    }

    @Test func keysOutsideLettersDigitsHyphenAndUnderscoreAreRefused() throws {
        for key in ["2020 001", "2020/001", "=1+1", "2020\u{1B}[2J", "学号", "e\u{301}", "2020\"001\""] {
            let id = RecordID.graduate(key, in: "AUTO")
            #expect(refusal { try local.write(id, fields: ["name": .string("x")], mode: .create, author: "s") }?.field == "key", "\(key)")
            #expect(refusal { try receiver.apply([remote("name", .string("x"), key: key)]) }?.field == "key", "\(key)")
        }
        #expect(try local.changeCount() == 0 && receiver.changeCount() == 0)
        // Student numbers, department codes and the random ids of ledger and audit entries all pass.
        let ledger = RecordID(scope: record.scope, collection: "ledger", key: ReplicaID.random().hex)
        try local.write(ledger, fields: ["kind": .string("talk")], mode: .create, author: "s")
        try local.write(RecordID.graduate("S2020-001_b", in: "AUTO"), fields: ["name": .string("x")], mode: .create, author: "s")
        let key = String(repeating: "k", count: RecordLimits.maximumKeyBytes)
        try receiver.apply([remote("name", .string("x"), key: key)])
        #expect(refusal { try receiver.apply([remote("name", .string("x"), seq: 2, key: key + "k")]) } != nil)
    }

    @Test func controlCharactersInAnyTextOfAChangeAreRefused() throws {
        let escape = "\u{1B}]0;owned\u{07}\u{1B}[2J"
        #expect(refusal { try local.write(record, fields: ["name": .string("x")], mode: .create, author: "s" + escape) }?.field == "author")
        #expect(refusal { try local.write(record, fields: ["note" + escape: .string("x")], mode: .create, author: "s") }?.field == "field")
        #expect(refusal { try local.write(record, fields: ["note": .object(["a": .list([.string(escape)])])], mode: .create, author: "s") } != nil)
        #expect(refusal { try local.write(record, fields: ["note": .object([escape: .null])], mode: .create, author: "s") } != nil)
        #expect(refusal { try receiver.apply([remote("name", .string("x"), author: escape)]) }?.field == "author")
        #expect(refusal { try receiver.apply([remote("name", .string("a\u{85}b"))]) }?.field == "name")
        #expect(try local.changeCount() == 0 && receiver.changeCount() == 0)
        // A line feed is the schema's to allow or refuse (a multi-line text field keeps it).
        try receiver.apply([remote("summary", .string("第一段\n第二段"))])
    }

    @Test func valuesOverSixtyFourKibibytesOfCanonicalJSONAreRefused() throws {
        // A string of n ASCII letters has n + 2 bytes of canonical JSON; an escaped quote two bytes per quote.
        let largest = FieldValue.string(String(repeating: "a", count: RecordLimits.maximumValueBytes - 2))
        let over = FieldValue.string(String(repeating: "a", count: RecordLimits.maximumValueBytes - 1))
        let escapedOver = FieldValue.string(String(repeating: "\"", count: RecordLimits.maximumValueBytes / 2))
        try local.write(record, fields: ["note": largest], mode: .create, author: "s")
        let error = refusal { try local.write(record, fields: ["note": over], mode: .update, author: "s") }
        #expect(error?.description == "note：“65537 字节的值”不可用；值的规范 JSON 至多 65536 字节")
        #expect(refusal { try local.write(record, fields: ["other": escapedOver], mode: .update, author: "s") } != nil)
        #expect(try local.changeCount() == 1)

        let tenMegabytes = FieldValue.object(["blob": .string(String(repeating: "长", count: 10 << 20 / 3))])
        #expect(refusal { try receiver.apply([remote("name", .string("x")), remote("extra", tenMegabytes, seq: 2)]) }?.field == "extra")
        #expect(try receiver.changeCount() == 0)
        try receiver.apply([remote("name", largest)])
    }

    @Test func aRecordHoldsAtMost256FieldsBesidesItsTombstone() throws {
        let fields = Dictionary(uniqueKeysWithValues: (1...RecordLimits.maximumFields).map { ("f\($0)", FieldValue.integer(Int64($0))) })
        let error = refusal { try local.write(record, fields: fields.merging(["f257": .integer(257)]) { a, _ in a }, mode: .create, author: "s") }
        #expect(error?.allowed == "每条记录至多 256 个字段（_deleted 不计）")
        #expect(try local.changeCount() == 0)
        let written = try local.write(record, fields: fields, mode: .create, author: "s")
        #expect(refusal { try local.write(record, fields: ["f257": .integer(257)], mode: .update, author: "s") } != nil)
        // Editing held fields and deleting the record are never counted.
        try local.write(record, fields: ["f1": .integer(-1), "f256": .null], mode: .update, author: "s")
        try local.delete(record, author: "s")
        try local.restore(record, author: "s")

        // Applied: a change creating field 257 is accepted (another replica's fields merge with these), but a page
        // taking the record past the received bound is refused whole; edits of held fields pass.
        try receiver.apply(written)
        let origin = local.replicaID
        let pending = try local.allChanges().filter { $0.id.seq > UInt64(written.count) }.sorted { $0.id.seq < $1.id.seq }
        #expect(pending.count == 4)
        #expect(try receiver.apply(pending).applied == 4)
        let peer = ReplicaID.random()
        let merged = (1...UInt64(RecordLimits.maximumReceivedFields - RecordLimits.maximumFields)).map { seq in
            Change(id: ChangeID(origin: peer, scope: record.scope, seq: seq), hlc: HLCTimestamp(milliseconds: 9_000_000_000_000),
                   collection: record.collection, key: record.key, field: "p\(seq)", value: .integer(1), author: "peer")
        }
        #expect(try receiver.apply(merged).applied == merged.count)
        let extra = Change(id: ChangeID(origin: origin, scope: record.scope, seq: UInt64(written.count + 5)),
                           hlc: HLCTimestamp(milliseconds: 9_000_000_000_001),
                           collection: record.collection, key: record.key, field: "f257", value: .integer(257), author: "s")
        let before = try receiver.changeCount()
        #expect(refusal { try receiver.apply([extra]) }?.field == "f257")
        #expect(try receiver.changeCount() == before)
        // Other records are counted on their own, in one page.
        let other = (1...3).map { remote("g\($0)", .integer(1), seq: UInt64($0), key: "2020002") }
        #expect(try receiver.apply(other).applied == 3)
    }
}
