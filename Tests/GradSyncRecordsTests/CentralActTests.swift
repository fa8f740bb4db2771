import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Testing

/// Identity fields from the student registry and the central review are the central office's acts.
struct CentralActTests {
    @Test func aDepartmentCannotChangeIdentityFieldsOrGiveTheCentralReviewAndIsToldWhoCan() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["exam_no": "21350102150001"]) { $1 },
                                author: "secretary")
        let before = try replica.store.changeCount()
        #expect {
            try replica.setGraduate("2021010101", values: ["name": "张四", "gender": "2", "exam_no": "21350102150002",
                                                          "review_status": "学校已审核"], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["exam_no", "name", "gender", "review_status"]
                && problems[1].description == "姓名：所填值（个人信息，不显示）不可用；姓名取自学籍系统，只有学校就业指导中心可以修改"
                && problems[3].description == "审核状态：“学校已审核”不可用；学校已审核是学校就业指导中心的审核，只能由中心节点设置；"
                    + "学院可设为待审核、学院已审核、退回"
        }
        #expect(throws: RecordsError.self) {
            try replica.setGraduate("2021010101", values: ["exam_no": .null], author: "secretary")
        }
        #expect(try replica.store.changeCount() == before)
        // Filling an empty identity field, and the department's own review, are the department's to write.
        try replica.setGraduate("2021010101", values: ["review_status": "学院已审核"], author: "secretary")
        #expect {
            try replica.addGraduate("2021010102", values: RecordsFixture.graduate.merging(["review_status": "学校已审核"]) { $1 },
                                    author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["review_status"]
        }
    }

    @Test func aDepartmentMayCreateAGraduateWithTheRegistrysIdentityFieldsByAddAndImport() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["exam_no": "21350102150001"]) { $1 },
                                author: "secretary")
        let roster = try RosterParser(departments: try replica.rosterDirectory(), defaultDepartment: "CS").parse(Data("""
            学号,考生号,姓名,性别,学历层次,毕业年份
            2021010102,21350102150002,李四,2,本科,2025
            2021010101,21350102150001,张四,1,本科,2025

            """.utf8))
        #expect {
            try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "secretary")
        } throws: { error in
            guard case RecordsError.rosterRefused(let issues) = error else { return false }
            return issues.count == 1 && issues[0].line == 3 && issues[0].column == "姓名" && issues[0].reason.contains("就业指导中心")
        }
        let created = try replica.importRoster(Array(roster.rows.prefix(1)), restoreDeleted: false, dryRun: false, author: "secretary")
        #expect(created.created == 1)
    }

    @Test func theCentralNodeChangesIdentityFieldsAndReviewsAndADestinationChangeSendsTheRecordBackToReview() throws {
        let fixture = try RecordsFixture()
        let central = try fixture.central()
        try central.addGraduate("2021010101", department: "CS", values: RecordsFixture.employed, author: "office")
        try central.setGraduate("2021010101", values: ["name": "张四", "review_status": "学校已审核"], author: "office")
        #expect(try central.graduate("2021010101").fields["review_status"] == "学校已审核")
        // The central node's own status in the same write stands.
        try central.setGraduate("2021010101", values: ["destination_code": "11", "review_status": "学校已审核"], author: "office")
        #expect(try central.graduate("2021010101").fields["review_status"] == "学校已审核")
        // Otherwise a destination change resets it, in the same write.
        let changes = try central.setGraduate("2021010101", values: ["destination_code": "12"], author: "office")
        #expect(Set(changes.map(\.field)) == ["destination_code", "review_status"])
        #expect(try central.graduate("2021010101").fields["review_status"] == "待审核")
    }

    @Test func aDepartmentsDestinationChangeResetsItsReviewWhateverTheWriteSays() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate.merging(["destination_code": "70"]) { $1 },
                                author: "secretary")
        try replica.setGraduate("2021010101", values: ["destination_code": "71", "review_status": "学院已审核"], author: "secretary")
        #expect(try replica.graduate("2021010101").fields["review_status"] == "待审核")
    }
}
