import GradSyncCore
import GradSyncPlacement
import Testing

/// Destination, flow, assistance, unplaced and data-quality reports over Fixtures/report_dataset.json;
/// expected figures counted by hand from the dataset.
struct OtherReportTests {
    private func texts(_ table: ReportTable, _ key: String) -> [String] {
        table.rows.map { if case .text(let text) = $0[key] { return text } else { return "" } }
    }

    private func countsByGroup(_ table: ReportTable, _ key: String) -> [String: Int] {
        var result: [String: Int] = [:]
        for row in table.rows {
            if case .text(let group) = row["group"], case .count(let count) = row[key] { result[group] = count }
        }
        return result
    }

    @Test func destinationsListEachCodeAsGiven() throws {
        let table = DestinationReport.make(try Fixture.reportDataset().records)
        #expect(texts(table, "group") == ["10", "11", "12", "271", "509", "70", "71", "75", "76", "801", "85", "未填写"])
        #expect(Set(countsByGroup(table, "graduates").values) == [1])
        let subCode = try #require(table.rows.first { $0["group"] == .text("509") })
        #expect(subCode["label"] == .text("国家基层项目"))
        #expect(subCode["category"] == .text("50"))
        #expect(subCode["placed"] == .flag(true))
        #expect(subCode["part"] == .text("agreement_contract"))
        #expect(subCode["part_label"] == .text("协议和合同就业"))
        #expect(table.rows.last?["placed"] == .flag(false))
        #expect(table.total["graduates"] == .count(12))
    }

    @Test func flowsCountOnlyEmployedGraduates() throws {
        // Employed: A001 (10), A002 (11), C001 (12), C005 (509), E002 (271).
        let (records, _, province) = try Fixture.reportDataset()
        let nature = FlowReport.make(records, by: .employerNature, universityProvince: province)
        #expect(countsByGroup(nature, "graduates") == ["31": 1, "39": 2, "10": 1, "20": 1])
        #expect(nature.total["graduates"] == .count(5))
        #expect(nature.rows.first { $0["group"] == .text("39") }?["share"] == .rate(0.4))
        let industry = FlowReport.make(records, by: .industry, universityProvince: province)
        #expect(countsByGroup(industry, "graduates") == ["22": 1, "34": 2, "45": 1, "38": 1])
    }

    @Test func regionFlowSeparatesInProvinceBackToOriginAndOutOfProvince() throws {
        // A001 350200 and E002 350100 stay in 福建; A002 (from 440300) works in 440300; C001 goes to 上海, C005 to 西藏.
        let (records, _, province) = try Fixture.reportDataset()
        let table = FlowReport.make(records, by: .region, universityProvince: province)
        #expect(countsByGroup(table, "graduates") == ["in_province": 2, "back_to_origin_province": 1, "out_of_province": 2])
    }

    @Test func assistanceComplianceFromTheLedger() throws {
        // A002: mentor, 2 talks, 5 recommendations, 10 + 6 training hours → complies.
        // A004: mentor, 3 talks, 4 recommendations. C003: no mentor, 2 talks, 6 recommendations. E001: nothing.
        let (records, ledger, _) = try Fixture.reportDataset()
        let table = AssistanceReport.make(records, ledger: ledger, asOf: try #require(CalendarDate("2025-06-30")))
        #expect(texts(table, "group") == ["A002", "A004", "C003", "E001"])
        #expect(table.rows.map { $0["mentor_assigned"] } == [.flag(true), .flag(true), .flag(false), .flag(false)])
        #expect(table.rows.map { $0["talks"] } == [.count(2), .count(3), .count(2), .count(0)])
        #expect(table.rows.map { $0["recommendations"] } == [.count(5), .count(4), .count(6), .count(0)])
        #expect(table.rows.map { $0["training_hours"] } == [.tenths(160), .tenths(0), .tenths(0), .tenths(0)])
        #expect(table.rows.map { $0["compliant"] } == [.flag(true), .flag(false), .flag(false), .flag(false)])
        #expect(table.rows.map { $0["placed"] } == [.flag(true), .flag(false), .flag(true), .flag(false)])
        #expect(table.total["graduates"] == .count(4))
        #expect(table.total["mentor_assigned"] == .count(2))
        // The total counts what each column counts: talks under talks, graduates under the thresholds met.
        #expect(table.total["talks"] == .count(7))
        #expect(table.total["recommendations"] == .count(15))
        #expect(table.total["training_hours"] == .tenths(160))
        #expect(table.total["talks_met"] == .count(3))
        #expect(table.total["recommendations_met"] == .count(2))
        #expect(table.rows.map { $0["failing"] } == [
            .empty, .text("岗位推荐 4 次（应至少 5 次）"), .text("未配帮扶导师"),
            .text("未配帮扶导师；谈心谈话 0 次（应至少 2 次）；岗位推荐 0 次（应至少 5 次）"),
        ])
        let text = table.renderText()
        #expect(text.contains("重点群体落实率") && text.contains("全校落实率"))
        let totalLine = try #require(text.split(separator: "\n").last)
        #expect(totalLine.hasPrefix("合计") && totalLine.hasSuffix("50.00%      75.00%"),
                "the key-group rate beside the university's, at the end of the total row: \(totalLine)")
        #expect(table.total["compliant"] == .count(1))
        #expect(table.total["placement_rate"] == .rate(0.5))
        #expect(table.total["university_placement_rate"] == .rate(0.75))
        #expect(!table.renderJSON().contains("脱贫家庭"))
    }

    @Test func unplacedListsNoDestinationAnd70To72() throws {
        let records = try Fixture.reportDataset().records
        let table = UnplacedReport.make(records)
        #expect(texts(table, "group") == ["A004", "A005", "E001"])
        #expect(texts(table, "destination") == ["待就业", "未填写", "不就业拟升学"])
        #expect(!table.renderJSON().contains("13800000004"))
        let personal = UnplacedReport.make(records, includePersonal: true)
        #expect(personal.rows[0]["phone"] == .text("13800000004"))
        #expect(personal.rows[0]["name"] == .text("四号"))
    }

    @Test func dataQualityFlagsHighShareOf12_75_76AndBrokenRecords() throws {
        // CS: C001 12, C002 75, C003 76 → 3 of 5 = 60% > 30%; all graduates 3 of 12 = 25% is not flagged.
        // E002 (271) lacks employer_uscc.
        let records = try Fixture.reportDataset().records
        let table = DataQualityReport.make(records)
        #expect(texts(table, "group") == ["CS", "E002"])
        #expect(texts(table, "check") == ["flagged_share", "record_rule"])
        #expect(texts(table, "value") == ["60.00%", ""])
        #expect(texts(table, "field") == ["destination_code", "employer_uscc"])
        #expect(texts(table, "check_label") == ["灵活就业和自主创业占比偏高", "记录不符合规则"])
        #expect(texts(table, "field_label") == ["毕业去向代码", "统一社会信用代码"])
        #expect(table.total["warnings"] == .count(2))
        #expect(texts(DataQualityReport.make(records, threshold: 0.2), "group") == ["CS", "合计", "E002"])
    }

    @Test func tablesShowChineseNamesWhereJSONKeepsMachineNames() throws {
        let (records, ledger, province) = try Fixture.reportDataset()
        let tables = [
            DestinationReport.make(records), FlowReport.make(records, by: .region, universityProvince: province),
            DataQualityReport.make(records, threshold: 0.2), GrassrootsReport.make(records),
            AssistanceReport.make(records, ledger: ledger, asOf: try #require(CalendarDate("2025-06-30"))),
        ] + PlacementDimension.allCases.map { PlacementReport.make(records, by: $0) }
        let machineNames = ["agreement_contract", "further_study", "flagged_share", "record_rule", "destination_fields",
                            "in_province", "out_of_province", "back_to_origin_province", "destination_code", "employer_uscc"]
        for table in tables {
            // `detail` is a sentence from the rules; every other cell and every title is a name a person reads.
            let shown = table.csvRows().map { row in zip(table.columns, row).filter { $0.0.key != "detail" }.map(\.1) }
            for name in machineNames {
                #expect(!shown.joined().contains(name), "\(table.report) shows \(name)")
            }
        }
        #expect(DataQualityReport.make(records, threshold: 0.2).renderJSON().contains("\"check\":\"flagged_share\""))
    }
}
