import BenchSupport
import Benchmark
import Foundation
import GRDB
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore

/// Graduates in the replica the edits land in.
let editedGraduates = 2_000

/// Two complete sets of 20 field values that differ field by field, so alternating them always writes 20 changes.
let twentyFieldLiterals: [[String: FieldValue]] = [
    ["exam_no": .string("20123456789012"), "name": .string("王晓明"), "gender": .string("1"), "major_code": .string("080801"),
     "major_name": .string("自动化"), "degree_level": .string("本科"), "origin_region": .string("320102"),
     "destination_code": .string("10"), "employer_name": .string("南京华创智能科技有限公司"), "employer_uscc": .string("91320102MA1XYW1230"),
     "employer_nature": .string("39"), "employer_industry": .string("34"), "employer_region": .string("320102"),
     "job_category": .string("13"), "sign_date": .string("2024-05-20"), "study_institution": .string("东南大学"),
     "study_country": .string("中国"), "review_status": .string("学院已审核"), "phone": .string("13912345678"),
     "key_groups": .list([.string("家庭经济困难")])],
    ["exam_no": .string("20987654321098"), "name": .string("李晓红"), "gender": .string("2"), "major_code": .string("080901"),
     "major_name": .string("计算机科学与技术"), "degree_level": .string("硕士"), "origin_region": .string("420103"),
     "destination_code": .string("11"), "employer_name": .string("武汉国电信息股份有限公司"), "employer_uscc": .string("91420103MA4ABC5670"),
     "employer_nature": .string("31"), "employer_industry": .string("22"), "employer_region": .string("420103"),
     "job_category": .string("29"), "sign_date": .string("2024-06-18"), "study_institution": .string("华中科技大学"),
     "study_country": .string("新加坡"), "review_status": .string("学校已审核"), "phone": .string("18698765432"),
     "key_groups": .list([.string("脱贫家庭")])],
]

let twentyFields: [[String: FieldValue]] = twentyFieldLiterals.map { values in
    values.mapValues { value in
        // The credit codes above carry placeholder check characters; give them the real one.
        guard case .string(let text) = value, text.count == 18, text.hasPrefix("91") else { return value }
        let body = String(text.prefix(17))
        return .string(body + String(SocialCreditCode.checkCharacter(for: body)!))
    }
}

/// A department replica and its plain twin, and a counter so each edit changes a different record.
final class EditFixture: @unchecked Sendable {
    // Used by one benchmark at a time, from the benchmark's own thread.
    let directory: TemporaryDirectory
    let store: ReplicaStore
    /// The same replica as the front ends reach it: each edit read, checked as a whole record and written in one transaction.
    let records: PlacementReplica
    let plain: PlainFieldTable
    /// The plain table's twin, written through a GRDB `DatabasePool` as the store is: what GRDB's write adds.
    let pool: DatabasePool
    var next = 0
    /// Stamps above every generated one, so the baseline's last-writer-wins upsert really updates.
    let baseStamp = Int64(bitPattern: HLCTimestamp(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000)).rawValue)

    init() throws {
        directory = try TemporaryDirectory()
        store = try ReplicaStore.benchmarkReplica(at: directory.file("replica.sqlite"), graduates: editedGraduates).0
        records = PlacementReplica(store: store)
        plain = try PlainFieldTable(path: directory.file("plain.sqlite"))
        var pages = Fixtures.pages(of: GraduateGenerator(department: Fixtures.department, departmentNumber: 1),
                                   graduates: 0..<editedGraduates, origin: .random())
        let twin = try PlainFieldTable(path: directory.file("grdb.sqlite"))
        while let page = pages.next() {
            let rows = Fixtures.fieldRows(page)
            try plain.insert(rows)
            try twin.insert(rows)
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        pool = try DatabasePool(path: directory.file("grdb.sqlite"), configuration: configuration)
    }

    /// The record and the value set of the next edit: records in turn, value sets alternating each round.
    func nextEdit() -> (key: String, round: Int) {
        defer { next += 1 }
        return (GraduateGenerator(department: Fixtures.department, departmentNumber: 1).studentNumber(next % editedGraduates),
                next / editedGraduates)
    }

    deinit { directory.remove() }
}

nonisolated(unsafe) var editFixture: EditFixture?

func localEditBenchmarks() {
    let setup: @Sendable () async throws -> Void = { editFixture = try EditFixture() }
    let teardown: @Sendable () async throws -> Void = { editFixture = nil }
    let scope = Fixtures.departmentScope

    Benchmark("local edit, 1 field", closure: { _ in
        let fixture = editFixture!
        let edit = fixture.nextEdit()
        let record = RecordID(scope: scope, collection: GraduateSchema.collection, key: edit.key)
        let written = try fixture.store.write(record, fields: ["review_status": .string(edit.round % 2 == 0 ? "退回" : "学校已审核")],
                                              mode: .update, author: "secretary")
        blackHole(written)
    }, setup: setup, teardown: teardown)

    Benchmark("local edit, 1 field — plain SQLite upsert", closure: { _ in
        let fixture = editFixture!
        let edit = fixture.nextEdit()
        try fixture.plain.upsert([FieldRow(scope: scope.name, collection: GraduateSchema.collection, key: edit.key, field: "review_status",
                                           value: edit.round % 2 == 0 ? "\"退回\"" : "\"学校已审核\"", hlc: fixture.baseStamp + Int64(fixture.next))])
    }, setup: setup, teardown: teardown)

    // Not a baseline: the same plain upsert inside a GRDB `DatabasePool.write`, the store's transaction wrapper.
    Benchmark("local edit, 1 field, GRDB write of the plain upsert", closure: { _ in
        let fixture = editFixture!
        let edit = fixture.nextEdit()
        let value = edit.round % 2 == 0 ? "\"退回\"" : "\"学校已审核\""
        let stamp = fixture.baseStamp + Int64(fixture.next)
        try fixture.pool.write { db in
            try db.cachedStatement(sql: """
                INSERT INTO field (scope, collection, key, field, value, hlc) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (scope, collection, key, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc
                WHERE excluded.hlc > hlc
                """).execute(arguments: [scope.name, GraduateSchema.collection, edit.key, "review_status", value, stamp])
        }
    }, setup: setup, teardown: teardown)

    // Not a baseline: the same edit as a front end makes it, through the records layer (the record read and checked whole).
    Benchmark("local edit, 1 field, through the records layer", closure: { _ in
        let fixture = editFixture!
        let edit = fixture.nextEdit()
        let written = try fixture.records.setGraduate(edit.key, values: ["review_status": .string(edit.round % 2 == 0 ? "退回" : "学校已审核")],
                                                      author: "secretary")
        blackHole(written)
    }, setup: setup, teardown: teardown)

    Benchmark("local edit, 20-field record", closure: { _ in
        let fixture = editFixture!
        let edit = fixture.nextEdit()
        let record = RecordID(scope: scope, collection: GraduateSchema.collection, key: edit.key)
        let written = try fixture.store.write(record, fields: twentyFields[edit.round % 2], mode: .update, author: "secretary")
        blackHole(written)
    }, setup: setup, teardown: teardown)

    Benchmark("local edit, 20-field record — plain SQLite upsert", closure: { _ in
        let fixture = editFixture!
        let edit = fixture.nextEdit()
        let stamp = fixture.baseStamp + Int64(fixture.next)
        try fixture.plain.upsert(twentyFields[edit.round % 2].map { field, value in
            FieldRow(scope: scope.name, collection: GraduateSchema.collection, key: edit.key, field: field, value: value.canonicalJSON, hlc: stamp)
        })
    }, setup: setup, teardown: teardown)
}
