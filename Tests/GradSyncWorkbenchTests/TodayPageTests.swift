import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncServer
import GradSyncStore
import GradSyncTesting
import HummingbirdTesting
import Testing

/// `/`: the to-do counts and the rate count live graduates only, each as the list it links to would.
@Suite struct WorkbenchTodayPageTests {
    /// The number a to-do item of today's page shows.
    static func todo(_ label: String, in page: String) -> String? {
        guard let range = page.range(of: label + "：<strong>") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "<" })
    }

    @Test func theToDoCountsAndTheRateCountLiveGraduatesOnly() async throws {
        let harness = try WorkbenchHarness()
        let store = harness.replica.store
        let scope = try Scope.department("AUTO")
        var number = 0
        /// Writes a graduate through the store, as a peer's changes arrive: the record rules are not run, so a
        /// destination may lack a field it needs.
        func write(_ extra: [String: FieldValue], deleted: Bool = false) throws -> String {
            number += 1
            let key = String(format: "2025%06d", number)
            let id = RecordID(scope: scope, collection: GraduateSchema.collection, key: key)
            try store.write(id, fields: WorkbenchHarness.graduate.merging(extra) { $1 }.merging(["student_no": .string(key)]) { $1 },
                            mode: .create, author: "seed")
            if deleted { try store.delete(id, author: "seed") }
            return key
        }
        for index in 0..<6 { _ = try write(index < 2 ? ["key_groups": .list([.string("脱贫家庭")])] : [:]) }
        _ = try write(["key_groups": .list([.string("脱贫家庭")])], deleted: true)
        var placed: [String] = []
        for _ in 0..<5 { placed.append(try write(["destination_code": .string("801"), "study_institution": .string("厦门大学")])) }
        for _ in 0..<4 { _ = try write(["destination_code": .string("801")]) }
        _ = try write(["destination_code": .string("801")], deleted: true)
        for _ in 0..<3 { _ = try write(["destination_code": .string("10"), "employer_name": .string("某公司")]) }
        // One record edited concurrently on another copy: one conflicted record, counted once.
        let other = try harness.replicas.make("auto-2", scope: .department(scope), validator: PlacementValidator())
        try ReplicaExchange.sync(store, other)
        let conflicted = RecordID(scope: scope, collection: GraduateSchema.collection, key: placed[0])
        try store.write(conflicted, fields: ["major_name": .string("机器人工程"), "name": .string("甲")], mode: .update, author: "甲")
        try other.write(conflicted, fields: ["major_name": .string("测控"), "name": .string("乙")], mode: .update, author: "乙")
        try ReplicaExchange.sync(store, other)

        try await harness.test { client in
            let browser = try await Browser.signIn(client, harness.workbench)
            let page = try await browser.get("/").text
            #expect(Self.todo("尚未填写毕业去向", in: page) == "6")
            #expect(Self.todo("缺少去向所需字段", in: page) == "7")
            #expect(Self.todo("重点群体帮扶未达标（谈心≥2、推荐≥5）", in: page) == "2")
            #expect(Self.todo("存在冲突的记录", in: page) == "1")
            // 12 of the 18 live graduates have a counted destination.
            #expect(page.contains("<div class=\"figure\">66.67%</div><div class=\"caption\">毕业去向落实率</div>"))
            #expect(page.contains("<div class=\"figure\">2</div><div class=\"caption\">待处理冲突</div>"))
        }
    }
}
