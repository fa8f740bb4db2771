import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import Testing

/// The records layer reads a roster file whatever its format, so every front end imports .xlsx as it imports CSV.
struct WorkbookImportTests {
    private let fixture: RecordsFixture
    init() throws { fixture = try RecordsFixture() }

    private static let rows = [
        ["学号", "考生号", "姓名", "性别", "学院", "学历层次", "毕业年份", "毕业去向类别代码", "升学院校", "留学国家（地区）"],
        ["0212001", "21350102150001", "张三", "男", "自动化学院", "本科", "2025", "70", "", ""],
        ["2021010102", "21350102150002", "李四", "女", "CS", "硕士", "2025", "801", "厦门大学", ""],
        ["2021010103", "", "王五", "1", "AUTO", "本科", "2025", "85", "新加坡国立大学", "新加坡"],
    ]

    /// The graduates a fresh central replica holds after importing `data`.
    private func imported(_ data: Data, named name: String?) throws -> [String: [String: FieldValue]] {
        let replica = try RecordsFixture().central()
        let roster = try replica.readRoster(file: data, named: name)
        let outcome = try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "office")
        #expect(outcome.created == 3)
        return Dictionary(uniqueKeysWithValues: try replica.graduateStates().map { ($0.id.key, $0.fields) })
    }

    @Test func aWorkbookAndItsCSVTwinWriteTheSameRecords() throws {
        let workbook = try XLSXWriter.workbook(sheetName: "名单", rows: Self.rows)
        let csv = try #require(CSVWriter.data(Self.rows))
        // The upload's name may be missing or wrong: the content decides.
        let fromWorkbook = try imported(workbook, named: "upload.csv")
        #expect(fromWorkbook == (try imported(csv, named: nil)))
        #expect(fromWorkbook["0212001"]?["exam_no"] == "21350102150001")
    }

    @Test func aRecordRuleRefusesTheWorkbookNamingTheCellAndWritesNothing() throws {
        var rows = Self.rows
        rows[3][9] = "中国"
        let replica = try fixture.central()
        let before = try replica.store.changeCount()
        let roster = try replica.readRoster(file: try XLSXWriter.workbook(sheetName: "名单", rows: rows), named: nil)
        #expect(throws: RecordsError.self) {
            try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "office")
        }
        do {
            try replica.importRoster(roster.rows, restoreDeleted: false, dryRun: false, author: "office")
        } catch RecordsError.rosterRefused(let issues) {
            #expect(issues.map(\.line) == [4])
            #expect(issues.map(\.cell) == ["J4"])
            #expect(issues.map(\.value) == ["中国"])
        }
        #expect(try replica.store.changeCount() == before)
    }

    @Test func aDepartmentReplicaNamesTheCellOfAnotherDepartmentsRow() throws {
        var rows = Self.rows
        rows[1][4] = "AUTO"
        let replica = try fixture.department("AUTO")
        do {
            _ = try replica.readRoster(file: try XLSXWriter.workbook(sheetName: "名单", rows: rows), named: "r.xlsx")
            Issue.record("a row of CS was read on AUTO's replica")
        } catch let refusal as RosterRefusal {
            #expect(refusal.issues.map(\.cell) == ["E3"])
            #expect(refusal.issues.map(\.line) == [3])
        }
    }
}
