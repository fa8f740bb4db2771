import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// A page of the conflict journal is read with SQL (`LIMIT`/`OFFSET` over the conflicted fields) while deletions to
/// review are placed among them by record: every page must be that slice of the journal, whatever it cuts through.
@Suite struct ConflictJournalPagingTests {
    let replicas: TestReplicas
    let left: ReplicaStore
    let right: ReplicaStore

    init() throws {
        replicas = try TestReplicas()
        left = try replicas.department("left", "AUTO")
        right = try replicas.department("right", "AUTO")
    }

    /// Graduates K01…K09: K01, K04, K07 with two fields edited concurrently; K02 and K08 deleted while edited; K05 with
    /// a field edited concurrently and deleted while edited; the rest without conflict. Returns the journal as it must
    /// read: by record, a record's fields (by name) before its deletion.
    func makeJournal() throws -> [String] {
        let keys = (1...9).map { "K0\($0)" }
        for key in keys {
            try left.write(.graduate(key, in: "AUTO"), fields: ["name": .string("a"), "phone": .string("13800000000")],
                           mode: .create, author: "s")
        }
        try ReplicaExchange.sync(left, right)
        for key in ["K01", "K04", "K07"] {
            try left.write(.graduate(key, in: "AUTO"), fields: ["name": .string("l"), "phone": .string("13800000001")],
                           mode: .update, author: "l")
            try right.write(.graduate(key, in: "AUTO"), fields: ["name": .string("r"), "phone": .string("13800000002")],
                            mode: .update, author: "r")
        }
        for key in ["K02", "K08"] {
            try left.delete(.graduate(key, in: "AUTO"), author: "l")
            try right.write(.graduate(key, in: "AUTO"), fields: ["phone": .string("13800000003")], mode: .update, author: "r")
        }
        try left.write(.graduate("K05", in: "AUTO"), fields: ["name": .string("l")], mode: .update, author: "l")
        try left.delete(.graduate("K05", in: "AUTO"), author: "l")
        try right.write(.graduate("K05", in: "AUTO"), fields: ["name": .string("r")], mode: .update, author: "r")
        try ReplicaExchange.sync(left, right)
        return ["K01 name", "K01 phone", "K02 deleted", "K04 name", "K04 phone", "K05 name", "K05 deleted",
                "K07 name", "K07 phone", "K08 deleted"]
    }

    static func label(_ entry: ConflictEntry) -> String {
        switch entry {
        case .field(let record, let field, _): return "\(record.key) \(field)"
        case .deletedWhileEdited(let record, _): return "\(record.key) deleted"
        }
    }

    @Test func everyPageIsThatSliceOfTheJournal() throws {
        let expected = try makeJournal()
        let whole = try right.conflicts()
        #expect(whole.map(Self.label) == expected)
        for size in 1...(expected.count + 1) {
            for offset in 0...(expected.count + 1) {
                let page = try right.conflicts(limit: size, offset: offset)
                #expect(page.total == expected.count)
                let slice = Array(whole[min(offset, whole.count)..<min(whole.count, offset + size)])
                #expect(page.entries == slice, "\(size) from \(offset): \(page.entries.map(Self.label))")
            }
        }
    }

    /// A page's fields and their heads come from one statement: each entry's heads must be the field's heads as
    /// `heads(_:field:)` reads them (every column of every change, the shown one first).
    @Test func eachFieldCarriesItsHeadsAsReadAlone() throws {
        _ = try makeJournal()
        var fields = 0
        for entry in try right.conflicts(limit: 20, offset: 0).entries {
            guard case .field(let record, let field, let heads) = entry else { continue }
            fields += 1
            #expect(heads.count == 2)
            #expect(heads == (try right.heads(record, field: field)), "\(record.key) \(field)")
        }
        #expect(fields == 7)
    }

    @Test func aPageOfFieldsCarriesEveryHead() throws {
        _ = try makeJournal()
        let page = try right.conflicts(limit: 2, offset: 3)
        #expect(page.entries.map(Self.label) == ["K04 name", "K04 phone"])
        guard case .field(_, _, let heads) = page.entries.first else { Issue.record("no field entry"); return }
        #expect(Set(heads.map(\.value)) == [.string("l"), .string("r")])
    }
}
