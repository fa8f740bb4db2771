import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncStore
import GradSyncTesting
import Testing

/// The department directory is read one way for every front end, and older data that breaks the department rule is found.
struct DirectoryAndVerifyTests {
    @Test func theDirectoryLeavesOutDepartmentsWithoutAName() throws {
        let fixture = try RecordsFixture()
        let central = try fixture.central(departments: ["CS": "计算机学院"])
        try central.store.write(RecordID(scope: .shared, collection: DepartmentDirectory.collection, key: "AUTO"),
                                fields: ["name": .string("")], mode: .upsert, author: "office")
        #expect(try central.departmentDirectory().names == ["CS": "计算机学院"])
    }

    @Test func onlyTheCentralNodeNamesDepartments() throws {
        let fixture = try RecordsFixture()
        let replica = try fixture.department("CS")
        #expect(throws: RecordsError.self) { try replica.setDepartmentName("CS", name: "计算机学院", author: "secretary") }
    }

    @Test func graduatesWhoseDepartmentFieldContradictsTheirScopeAreFound() throws {
        let replicas = try TestReplicas()
        // Written without the placement validator, as a replica from before the rule could have.
        let store = try replicas.make("old", scope: .central)
        try store.write(.graduate("2021010101", in: "CS"), fields: ["name": .string("张三"), "department": .string("AUTO")],
                        mode: .create, author: "old")
        try store.write(.graduate("2021010102", in: "CS"), fields: ["name": .string("李四"), "department": .string("CS")],
                        mode: .create, author: "old")
        let replica = PlacementReplica(store: store)
        #expect(try replica.departmentMismatches() == [.graduate("2021010101", in: "CS")])
    }
}
