import Foundation
@testable import GradSyncPlacement
import Testing

/// Text tables aligned by display width, and how values print.
struct ReportRenderingTests {
    private let table = ReportTable(
        report: "sample", by: "department",
        columns: [ReportColumn("group", "学院"), ReportColumn("graduates", "人数"), ReportColumn("rate", "落实率")],
        rows: [["group": .text("自动化学院"), "graduates": .count(5), "rate": .rate(2, of: 3)],
               ["group": .text("CS"), "graduates": .count(12), "rate": .rate(1)]],
        total: ["group": .text("合计"), "graduates": .count(17), "rate": .rate(0.75)])

    @Test func textTableAlignsChineseByDisplayWidth() {
        #expect(table.renderText() == """
            学院        人数   落实率
            ----------  ----  -------
            自动化学院     5   66.67%
            CS            12  100.00%
            ----------  ----  -------
            合计          17   75.00%

            """)
    }

    @Test func cjkCharactersTakeTwoColumns() {
        #expect(DisplayWidth.of("自动化学院") == 10)
        #expect(DisplayWidth.of("CS") == 2)
        #expect(DisplayWidth.of("（）") == 4)
        #expect(DisplayWidth.of("𠮷") == 2)
    }

    @Test func jsonRoundsRatesToFourDecimalsAndSortsKeys() {
        #expect(table.renderJSON() == """
            {"by":"department","report":"sample","rows":[{"graduates":5,"group":"自动化学院","rate":0.6667},\
            {"graduates":12,"group":"CS","rate":1.0}],"total":{"graduates":17,"group":"合计","rate":0.75}}
            """)
    }

    @Test func csvRowsCarryTitlesRowsAndTotal() {
        #expect(table.csvRows() == [["学院", "人数", "落实率"], ["自动化学院", "5", "0.6667"], ["CS", "12", "1.0"], ["合计", "17", "0.75"]])
    }

    @Test func csvDownloadKeepsCodesExcelWouldMangle() {
        let byMajor = ReportTable(report: "list", by: "graduate",
                                  columns: [ReportColumn("group", "考生号"), ReportColumn("major", "专业代码"), ReportColumn("graduates", "人数")],
                                  rows: [["group": .text("21350102150123"), "major": .text("080801"), "graduates": .count(10)],
                                         ["group": .text("A1"), "major": .text("-1+2"), "graduates": .count(0)]],
                                  total: [:])
        let text = String(decoding: byMajor.csvData(), as: UTF8.self)
        #expect(text == "\u{FEFF}考生号,专业代码,人数\r\n=\"21350102150123\",=\"080801\",10\r\nA1,'-1+2,0\r\n")
    }

    @Test func listReportsKeepTheirTotalForJSONOnly() {
        let list = ReportTable(report: "list", by: "graduate", columns: [ReportColumn("group", "学号"), ReportColumn("department", "学院")],
                               rows: [["group": .text("A1"), "department": .text("AUTO")]],
                               total: ["group": .text("合计"), "graduates": .count(1)])
        #expect(list.renderText() == "学号  学院\n----  ----\nA1    AUTO\n")
        #expect(list.csvRows() == [["学号", "学院"], ["A1", "AUTO"]])
        #expect(list.renderJSON().hasSuffix("\"total\":{\"graduates\":1,\"group\":\"合计\"}}"))
    }
}
