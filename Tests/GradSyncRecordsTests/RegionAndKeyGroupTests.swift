import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Testing

/// Regions against the full GB/T 2260 list and key groups against their categories, by every path of the records
/// layer: a local write, an import, and a change from a peer (the store's per-change rule).
struct RegionAndKeyGroupTests {
    @Test func aRegionNotInTheListIsRefusedThoughItsProvinceExists() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        for bad in ["350199", "359999"] {
            #expect {
                try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["origin_region": .string(bad)]) { $1 },
                                        author: "secretary")
            } throws: { error in
                guard case RecordsError.invalid(_, let problems) = error else { return false }
                return problems.map(\.field) == ["origin_region"] && problems[0].value == bad
            }
        }
        #expect {
            try replica.addGraduate("2021010101", values: RecordsFixture.employed.merging(["employer_region": "350182"]) { $1 }, author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["employer_region"] && problems[0].allowed.contains("350112（福建省福州市长乐区）")
        }
        #expect(try replica.store.changeCount() == 0)
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["origin_region": "350203"]) { $1 }, author: "secretary")
        #expect(throws: StoreError.self) {
            try replica.store.write(.graduate("2021010101", in: "CS"), fields: ["origin_region": "350199"], mode: .update, author: "peer")
        }
    }

    @Test func anUnknownKeyGroupIsRefusedByEveryPath() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        #expect {
            try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["key_groups": .list(["外星人"])]) { $1 },
                                    author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["key_groups"] && !problems[0].description.contains("外星人")
        }
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["key_groups": .list(["残疾"])]) { $1 }, author: "secretary")
        #expect(throws: StoreError.self) {
            try replica.store.write(.graduate("2021010101", in: "CS"), fields: ["key_groups": .list(["外星人"])], mode: .update, author: "peer")
        }
    }

    @Test func anImportReadsRegionAndKeyGroupNamesAndRefusesAmbiguousOnesListingCandidates() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        let parser = RosterParser(departments: try replica.rosterDirectory(), defaultDepartment: "CS")
        let roster = try parser.parse(Data("""
            学号,姓名,性别,学历层次,毕业年份,生源所在地,重点群体
            2021010101,李四,2,本科,2025,福建省厦门市,脱贫家庭毕业生
            2021010102,王五,1,本科,2025,福建厦门,

            """.utf8))
        try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "secretary")
        #expect(try replica.graduate("2021010101").fields["origin_region"] == "350200")
        #expect(try replica.graduate("2021010101").fields["key_groups"] == .list(["脱贫家庭"]))
        #expect(try replica.graduate("2021010102").fields["origin_region"] == "350200")
        #expect {
            try parser.parse(Data("学号,姓名,性别,学历层次,毕业年份,生源所在地,重点群体\n2021010103,赵六,1,本科,2025,鼓楼区,外星人\n".utf8))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("350102（福建省福州市鼓楼区）") && text.contains("重点群体") && !text.contains("外星人")
        }
    }
}
