import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Testing

/// Every write of a graduate goes through one checked path: checked as a whole, inside the transaction that writes it.
struct GraduateWriteTests {
    @Test func anAddedGraduateIsValidatedOnceAndWritten() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        let added = try replica.addGraduate("2021010101", values: RecordsFixture.graduate, author: "secretary")
        #expect(added.department == (try Scope.department("CS")))
        #expect(added.changes.count == 5, "four fields and the student number")
        #expect(fixture.counter.checked == 0, "the record rules checked every field; the store does not check them again")
        #expect(try replica.graduate("2021010101").fields["name"] == .string("张三"))
    }

    @Test func aRefusedWriteListsEveryProblemAndWritesNothing() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate, author: "secretary")
        let before = try replica.store.changeCount()
        #expect {
            try replica.setGraduate("2021010101", values: ["degree_level": .string("小学"), "destination_code": .string("10")], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(let subject, let problems) = error else { return false }
            // The bad degree level and the five employer fields destination 10 needs, all at once.
            return subject == "毕业生 2021010101" && problems.map(\.field).contains("degree_level") && problems.count == 6
        }
        #expect(try replica.store.changeCount() == before)
    }

    @Test func aDepartmentFieldNamingAnotherDepartmentIsRefusedNamingBoth() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate, author: "secretary")
        let before = try replica.store.changeCount()
        #expect {
            try replica.setGraduate("2021010101", values: ["department": .string("AUTO")], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error, let problem = problems.first else { return false }
            return problem.field == "department" && problem.value == "AUTO" && problem.allowed.contains("CS")
        }
        #expect(try replica.store.changeCount() == before)
        // The store's own validator holds the same rule for writes that do not pass through the records layer.
        #expect(throws: StoreError.self) {
            try replica.store.write(.graduate("2021010101", in: "CS"), fields: ["department": .string("AUTO")], mode: .update, author: "x")
        }
        try replica.setGraduate("2021010101", values: ["department": .string("CS")], author: "secretary")
    }

    @Test func aStudentNumberLiveInAnotherDepartmentIsRefusedByAddAndImportAlike() throws {
        let fixture = try RecordsFixture()
        let central = try fixture.central()
        try central.addGraduate("2021010101", department: "CS", values: RecordsFixture.graduate, author: "office")
        #expect {
            try central.addGraduate("2021010101", department: "AUTO", values: RecordsFixture.graduate, author: "office")
        } throws: { error in
            (error as? RecordsError)?.description == "学号 2021010101 已在 CS 使用：学号在全校唯一"
        }
        let roster = try RosterParser(departments: try central.rosterDirectory())
            .parse(Data("学号,姓名,性别,学历层次,毕业年份,学院\n2021010101,李四,2,本科,2025,AUTO\n".utf8))
        let before = try central.store.changeCount()
        #expect {
            try central.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "office")
        } throws: { error in
            guard case RecordsError.rosterRefused(let issues) = error else { return false }
            return issues.count == 1 && issues[0].line == 2 && issues[0].reason.contains("已在 CS 使用")
        }
        #expect(try central.store.changeCount() == before)
    }

    @Test func aGraduateCannotBeRestoredWhileItsNumberIsLiveElsewhere() throws {
        let fixture = try RecordsFixture()
        let central = try fixture.central()
        try central.addGraduate("2021010101", department: "CS", values: RecordsFixture.graduate, author: "office")
        try central.deleteGraduate("2021010101", author: "office")
        try central.addGraduate("2021010101", department: "AUTO", values: RecordsFixture.graduate, author: "office")
        #expect(throws: RecordsError.self) {
            try central.restoreGraduate("2021010101", department: "CS", author: "office")
        }
    }

    @Test func aDryRunImportSaysWhatItWouldWriteAndWritesNothing() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        let roster = try RosterParser(departments: try replica.rosterDirectory(), defaultDepartment: "CS")
            .parse(Data("学号,姓名,性别,学历层次,毕业年份\n2021010101,李四,2,本科,2025\n2021010102,王五,1,硕士,2025\n".utf8))
        let planned = try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: true, author: "secretary")
        #expect(planned.created == 2 && planned.changes == 10)
        #expect(try replica.store.changeCount() == 0)
        let done = try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "secretary")
        #expect(done == planned)
        let again = try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "secretary")
        #expect(again.unchanged == 2 && again.changes == 0)
    }
}

/// The per-change rule the store and the node run: only the `department` field is held to the scope.
struct DepartmentRuleTests {
    @Test func theStoreRefusesOnlyADepartmentFieldNamingAnotherDepartment() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        let id = RecordID.graduate("2021010101", in: "CS")
        try replica.store.write(id, fields: ["name": .string("张三"), "department": .string("CS")], mode: .create, author: "x")
        #expect {
            try replica.store.write(id, fields: ["department": .string("AUTO")], mode: .update, author: "x")
        } throws: { error in
            guard case StoreError.invalid(let problem) = error else { return false }
            return problem.field == "department" && problem.value == "AUTO" && problem.allowed.contains("CS")
        }
    }
}

/// What the records layer writes must pass every receiver's per-change check, which the store does not repeat.
struct WrittenFieldTests {
    @Test func aFieldTheSchemaDoesNotKnowOrAChangedStudentNumberIsRefusedAndNothingIsWritten() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        try replica.addGraduate("2021010101", values: RecordsFixture.graduate, author: "secretary")
        let before = try replica.store.changeCount()
        #expect {
            try replica.setGraduate("2021010101", values: ["x_note": .string("a\nb"), "student_no": .string("2021010102")], author: "secretary")
        } throws: { error in
            guard case RecordsError.invalid(_, let problems) = error else { return false }
            return problems.map(\.field) == ["student_no", "x_note"]
        }
        #expect(throws: RecordsError.self) {
            try replica.addLedgerEntry("2021010101", kind: .mentor, values: ["mentor": .string("王老师"), "x_note": .string("x")],
                                       author: "secretary")
        }
        #expect(try replica.store.changeCount() == before)
    }
}
