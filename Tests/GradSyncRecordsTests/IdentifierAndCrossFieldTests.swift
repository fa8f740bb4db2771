import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Testing

/// 考生号 and 学号 formats, student numbers equal but for leading zeros, and the national cross-field rules.
struct IdentifierAndCrossFieldTests {
    @Test func anExamNumberIsExactly14Digits() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        for bad in ["2.3E+13", "abc", "２１３５０１０２１５０００１", "2135010215000", "213501021500011"] {
            #expect(performing: {
                try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["exam_no": .string(bad)]) { $1 },
                                        author: "secretary")
            }, throws: { error in
                guard case RecordsError.invalid(_, let problems) = error else { return false }
                return problems.map(\.description) == ["考生号：“\(bad)”不可用；须为 14 位数字（学籍系统中的考生号）"]
            })
        }
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["exam_no": "21350102150001"]) { $1 }, author: "secretary")
        // The store's per-change rule, which a pushed change meets on the node, is the same.
        #expect(throws: StoreError.self) {
            try replica.store.write(.graduate("2021010101", in: "CS"), fields: ["exam_no": "2.3E+13"], mode: .update, author: "peer")
        }
    }

    @Test func aStudentNumberHoldsLettersAndDigitsOnly() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        for bad in ["2021-0101", "2021_0101"] {
            #expect(performing: {
                try replica.addGraduate(bad, values: RecordsFixture.graduate, author: "secretary")
            }, throws: { error in
                guard case RecordsError.invalid(_, let problems) = error else { return false }
                return problems.map(\.field) == ["student_no"] && problems[0].allowed.contains("学号只含字母和数字")
            })
        }
        #expect(try replica.store.changeCount() == 0)
        try replica.addGraduate("S2021a0101", values: RecordsFixture.graduate, author: "secretary")
    }

    @Test func aNewStudentNumberEqualToAHeldOneButForLeadingZerosIsRefusedNamingBoth() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("212001", values: RecordsFixture.graduate, author: "secretary")
        #expect {
            try replica.addGraduate("0212001", values: RecordsFixture.graduate, author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["student_no"] && problems[0].value == "0212001" && problems[0].allowed.contains("212001（CS）")
        }
        // On the central node, across departments.
        let central = try fixture.central()
        try central.addGraduate("0212001", department: "CS", values: RecordsFixture.graduate, author: "office")
        #expect {
            try central.addGraduate("212001", department: "AUTO", values: RecordsFixture.graduate, author: "office")
        } throws: { error in
            (error as? RecordsError)?.description.contains("已有仅差前导零的学号：0212001（CS）") == true
        }
    }

    @Test func anImportRefusesAStudentNumberEqualToAHeldOrAnEarlierRowsButForLeadingZeros() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("212001", values: RecordsFixture.graduate, author: "secretary")
        let roster = try RosterParser(departments: try replica.rosterDirectory(), defaultDepartment: "CS").parse(Data("""
            学号,姓名,性别,学历层次,毕业年份
            0212001,李四,2,本科,2025
            300,王五,1,本科,2025
            00300,赵六,1,本科,2025
            212001,张三,1,本科,2025

            """.utf8))
        #expect {
            try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "secretary")
        } throws: { error in
            guard case RecordsError.rosterRefused(let issues) = error else { return false }
            return issues.map(\.line) == [2, 4] && issues.allSatisfy { $0.column == "学号" }
                && issues[0].reason.contains("212001（CS）") && issues[1].reason.contains("300（CS）")
        }
        #expect(try replica.store.changeCount() == 5)
    }

    @Test func anEnlistedGraduateNeedsNoEmployerButTheArmysNatureAndIndustry() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        let enlisted: [String: FieldValue] = ["destination_code": "46", "employer_nature": "40", "employer_industry": "80",
                                              "employer_region": "350100"]
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(enlisted) { $1 }, author: "secretary")
        #expect {
            try replica.setGraduate("2021010101", values: ["employer_nature": "39", "employer_industry": "34"], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.description) == [
                "单位性质：“39”不可用；毕业去向为 46（应征义务兵）时须为 40（部队）：应征义务兵在部队服役",
                "单位行业：“34”不可用；毕业去向为 46（应征义务兵）时须为 80（军队）：应征义务兵在部队服役",
            ]
        }
        // An employed graduate who enlists loses the USCC, which the army has none of.
        try replica.addGraduate("2021010102", values: RecordsFixture.employed, author: "secretary")
        let changes = try replica.setGraduate("2021010102", values: ["destination_code": "46", "employer_nature": "40",
                                                                     "employer_industry": "80"], author: "secretary")
        #expect(changes.first { $0.field == "employer_uscc" }?.value == .null)
    }

    @Test func anEmployerAbroadNeedsNoCreditCodeOrRegionButOneInChinaDoes() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        var abroad = RecordsFixture.employed
        abroad["employer_uscc"] = nil
        abroad["employer_region"] = nil
        abroad["employer_country"] = "新加坡"
        try replica.addGraduate("2021010101", values: abroad, author: "secretary")
        abroad["employer_country"] = "中国"
        #expect {
            try replica.addGraduate("2021010102", values: abroad, author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["employer_uscc", "employer_region"]
        }
        // The country is an employer field: a destination without an employer clears it.
        try replica.setGraduate("2021010101", values: ["destination_code": "70"], author: "secretary")
        #expect(try replica.graduate("2021010101").fields["employer_country"] == .null)
    }

    @Test func studyAbroadIsNotInChina() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        #expect {
            try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(
                ["destination_code": "85", "study_institution": "厦门大学", "study_country": "中国"]) { $1 }, author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["study_country"] && problems[0].allowed.contains("中国大陆以外")
        }
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(
            ["destination_code": "85", "study_institution": "香港大学", "study_country": "香港"]) { $1 }, author: "secretary")
    }

    @Test func aSigningDateMoreThanADayAheadOfTodayInBeijingIsRefused() throws {
        // 2026-06-01T17:00Z is 2026-06-02 01:00 in Beijing: today there is 06-02, so 06-03 is the latest date taken.
        let clock = ManualClock(start: 1_780_333_200_000)
        let replicas = try TestReplicas(clock: clock)
        let replica = PlacementReplica(store: try replicas.make("CS", scope: .department(try Scope.department("CS")),
                                                                validator: PlacementValidator()))
        #expect(replica.today.description == "2026-06-02")
        try replica.addGraduate("2021010101", values: RecordsFixture.employed.merging(["sign_date": "2026-06-03"]) { $1 }, author: "secretary")
        #expect {
            try replica.setGraduate("2021010101", values: ["sign_date": "2026-06-04"], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.description) == ["签约日期：“2026-06-04”不可用；不能晚于 2026-06-03：签约日期不能是将来的日期（今天是 2026-06-02，北京时间）"]
        }
        clock.advance(by: 86_400_000)
        try replica.setGraduate("2021010101", values: ["sign_date": "2026-06-04"], author: "secretary")
    }
}
