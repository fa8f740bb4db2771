import Foundation
import GradSyncCore
import GradSyncPlacement
import Testing

/// CSV and canonical JSON exports.
struct ExportTests {
    private let records = [
        GraduateRecord(department: "CS", studentNumber: "002", fields: [
            "name": "乙", "grad_year": .integer(2025), "key_groups": .list(["残疾"]), "newer": .bool(true), "_deleted": .bool(false),
        ]),
        GraduateRecord(department: "AUTO", studentNumber: "009", fields: ["name": "甲", "major_code": "080801"]),
        GraduateRecord(department: "CS", studentNumber: "001", fields: ["name": "丙"]),
    ]

    @Test func jsonIsCanonicalSortedAndLeavesOutSensitiveFields() {
        #expect(GraduateExporter().json(records) == """
            [{"department":"AUTO","major_code":"080801","name":"甲","student_no":"009"},\
            {"department":"CS","name":"丙","student_no":"001"},\
            {"department":"CS","grad_year":2025,"name":"乙","newer":true,"student_no":"002"}]

            """)
    }

    @Test func jsonIsTheSameWhateverTheInputOrder() {
        let exporter = GraduateExporter(includeSensitive: true)
        #expect(exporter.json(records) == exporter.json(records.reversed()))
        #expect(exporter.json(records).contains("\"key_groups\":[\"残疾\"]"))
    }

    @Test func csvHasChineseHeadersAndUnknownFieldsLast() {
        let rows = GraduateExporter().csvRows(records)
        #expect(rows[0].prefix(5) == ["学号", "考生号", "姓名", "性别", "学院"])
        #expect(!rows[0].contains("重点群体类别"))
        #expect(rows[0].last == "newer")
        #expect(rows.dropFirst().map { $0[0] } == ["009", "001", "002"])
        #expect(rows[3][4] == "CS")
        #expect(rows[3].last == "true")
        #expect(rows[1][rows[0].firstIndex(of: "专业代码")!] == "080801")
        #expect(GraduateExporter(includeSensitive: true).csvRows(records)[3].contains("残疾"))
    }

    @Test func csvIsExcelReadyBytes() throws {
        let utf8 = try #require(GraduateExporter().csv(records))
        #expect(Array(utf8.prefix(3)) == TextEncoding.byteOrderMark)
        // 009 would lose its zeros in Excel: it is written as a text formula.
        #expect(String(decoding: utf8, as: UTF8.self).contains("\r\n=\"009\",,甲,"))
        let gb = try #require(GraduateExporter().csv(records, encoding: .gb18030))
        #expect(TextEncoding.detect(gb) == .gb18030)
    }

    @Test func exportedCSVImportsBackToTheSameFields() throws {
        let dataset = try Fixture.reportDataset().records
        let data = try #require(GraduateExporter(includeSensitive: true).csv(dataset, encoding: .gb18030))
        let roster = try RosterParser(departments: Fixture.departments).parse(data)
        #expect(roster.warnings.map(\.column) == ["future_field"])
        let imported = Dictionary(uniqueKeysWithValues: roster.rows.map { ($0.studentNumber, $0) })
        for record in dataset {
            let row = try #require(imported[record.studentNumber])
            #expect(row.department == record.department)
            #expect(row.fields == record.fields.filter { $0.key != "future_field" })
        }
    }
}
