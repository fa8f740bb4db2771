import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Testing

/// A destination defines which fields apply: a change of destination clears the rest in the same write, on every path.
struct DestinationConsistencyTests {
    static let employerAndJob = ["employer_name", "employer_uscc", "employer_nature", "employer_industry", "employer_region",
                                 "job_category", "sign_date"]

    @Test func settingDestination70ClearsTheEmployerAndSendsTheRecordBackToReview() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.employed.merging(["review_status": "学院已审核"]) { $1 },
                                author: "secretary")
        let changes = try replica.setGraduate("2021010101", values: ["destination_code": "70"], author: "secretary")
        #expect(Set(changes.map(\.field)) == Set(Self.employerAndJob + ["destination_code", "review_status"]))
        #expect(changes.filter { Self.employerAndJob.contains($0.field) }.allSatisfy { $0.value == .null })
        let shown = try replica.graduate("2021010101").fields
        for name in Self.employerAndJob { #expect((shown[name] ?? .null).isNull, "\(name) is cleared") }
        #expect(shown["review_status"] == "待审核")
        // Each clearing is an ordinary audited change, by the write's author.
        let history = try replica.history(of: .graduate("2021010101", in: "CS"), field: "employer_name")
        #expect(history.last?.change.value == .null && history.last?.change.author == "secretary")
    }

    @Test func aNewDestinationKeepsWhatItUsesAndRefusesWhatItDoesNot() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.employed, author: "secretary")
        // 75: the graduate's own company keeps the employer fields; job category and signing date go.
        let changes = try replica.setGraduate("2021010101", values: ["destination_code": "75"], author: "secretary")
        #expect(Set(changes.map(\.field)) == ["destination_code", "job_category", "sign_date"])
        #expect(try replica.graduate("2021010101").fields["employer_name"] == RecordsFixture.employed["employer_name"])
        // Setting a field the destination does not use, in the same write, is refused rather than cleared.
        let before = try replica.store.changeCount()
        #expect {
            try replica.setGraduate("2021010101", values: ["destination_code": "801", "study_institution": "厦门大学",
                                                          "employer_name": "福州智控科技有限公司"], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["employer_name"]
                && problems[0].description.contains("毕业去向为 801（研究生）时不填")
        }
        #expect(try replica.store.changeCount() == before)
    }

    @Test func aReimportedRosterWhere10Became70ClearsTheEmployer() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.employed, author: "secretary")
        let roster = try RosterParser(departments: try replica.rosterDirectory(), defaultDepartment: "CS").parse(Data("""
            学号,姓名,性别,学历层次,毕业年份,毕业去向代码,单位名称,统一社会信用代码,单位性质代码
            2021010101,张三,1,本科,2025,70,,,

            """.utf8))
        let outcome = try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "secretary")
        #expect(outcome.updated == 1 && outcome.changes == 8)
        let shown = try replica.graduate("2021010101").fields
        #expect(shown["destination_code"] == "70")
        for name in Self.employerAndJob { #expect((shown[name] ?? .null).isNull, "\(name) is cleared") }
    }

    @Test func resolvingADestinationConflictClearsWhatTheChosenDestinationDoesNotUse() throws {
        let fixture = try RecordsFixture()
        let laptop = try fixture.department("CS", name: "laptop")
        let office = try fixture.department("CS", name: "office")
        try laptop.addGraduate("2021010101", values: RecordsFixture.employed, author: "secretary")
        try ReplicaExchange.send(from: laptop.store, to: office.store)
        // A peer on an older version changes the destination and leaves the employer in place.
        try office.store.write(.graduate("2021010101", in: "CS"), fields: ["destination_code": "70"], mode: .update, author: "old")
        try laptop.setGraduate("2021010101", values: ["destination_code": "11"], author: "secretary")
        try ReplicaExchange.send(from: office.store, to: laptop.store)
        #expect(try laptop.graduate("2021010101").conflictedFields == ["destination_code"])
        try laptop.resolveConflict("2021010101", field: "destination_code", value: "70", author: "secretary")
        let shown = try laptop.graduate("2021010101")
        #expect(shown.conflictedFields.isEmpty && shown.fields["destination_code"] == "70")
        for name in Self.employerAndJob { #expect((shown.fields[name] ?? .null).isNull, "\(name) is cleared") }
    }

    @Test func theQualityReportListsARecordStillHoldingFieldsItsDestinationDoesNotUse() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.employed, author: "secretary")
        try replica.store.write(.graduate("2021010101", in: "CS"), fields: ["destination_code": "70"], mode: .update, author: "old")
        let table = DataQualityReport.make(try replica.graduates())
        let rows = table.rows.filter { $0["check"] == .text(DataQualityReport.destinationFieldsCheck) }
        #expect(rows.count == Self.employerAndJob.count)
        #expect(rows.allSatisfy { $0["group"] == .text("2021010101") })
        #expect(rows.first?["detail"] == .text("去向与字段不符：毕业去向 70（待就业）不使用单位名称，请清空该字段"))
        // The record rules themselves name the same fields, so an edit of the record says what to clear.
        #expect {
            try replica.setGraduate("2021010101", values: ["phone": "13800000000"], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == Self.employerAndJob
        }
    }
}
