import GradSyncCore
import GradSyncPlacement
import Testing

/// Placement reports over Fixtures/report_dataset.json. The expected figures were counted by hand
/// from the dataset (12 graduates: AUTO A001–A005, CS C001–C005, ECON E001–E002), not by the code.
struct PlacementReportTests {
    /// graduates, placed, agreement_contract, flexible, entrepreneurship, further_study, unplaced.
    typealias Counts = [Int]

    private func counts(_ row: [String: ReportValue]) -> Counts {
        ["graduates", "placed", "agreement_contract", "flexible", "entrepreneurship", "further_study", "unplaced"].map { key in
            if case .count(let count) = row[key] { return count }
            return -1
        }
    }

    private func byGroup(_ table: ReportTable) -> [String: Counts] {
        Dictionary(uniqueKeysWithValues: table.rows.map { row in
            guard case .text(let group) = row["group"] else { return ("?", []) }
            return (group, counts(row))
        })
    }

    private func report(_ dimension: PlacementDimension) throws -> ReportTable {
        PlacementReport.make(try Fixture.reportDataset().records, by: dimension, departments: Fixture.departments)
    }

    @Test func byDepartment() throws {
        let table = try report(.department)
        // AUTO: A001 10, A002 11, A003 801 placed; A004 70, A005 none not.  CS: all five placed (12, 75, 76, 85, 509).
        // ECON: E002 271 placed, E001 71 not.
        #expect(byGroup(table) == [
            "AUTO": [5, 3, 2, 0, 0, 1, 2],
            "CS": [5, 5, 1, 2, 1, 1, 0],
            "ECON": [2, 1, 1, 0, 0, 0, 1],
        ])
        #expect(counts(table.total) == [12, 9, 4, 2, 1, 2, 3])
        #expect(table.total["placement_rate"] == .rate(0.75))
        #expect(table.rows[0]["placement_rate"] == .rate(0.6))
        #expect(table.rows[0]["label"] == .text("自动化学院"))
        #expect(table.rows.map { $0["group"] } == [.text("AUTO"), .text("CS"), .text("ECON")])
    }

    @Test func byGender() throws {
        // 男: A001 A003 A005 C001 C003 C005; 女: A002 A004 C002 C004 E001 E002.
        let table = try report(.gender)
        #expect(byGroup(table) == ["1": [6, 5, 2, 2, 0, 1, 1], "2": [6, 4, 2, 0, 1, 1, 2]])
        #expect(table.rows.map { $0["label"] } == [.text("男"), .text("女")])
    }

    @Test func byKeyGroupCountsEachGroupAndTheTotalOnce() throws {
        // A002 脱贫家庭 (11), A004 低保家庭+残疾 (70), C003 脱贫家庭 (76), E001 零就业家庭 (71).
        let table = try report(.keyGroup)
        #expect(byGroup(table) == [
            "脱贫家庭": [2, 2, 1, 1, 0, 0, 0],
            "低保家庭": [1, 0, 0, 0, 0, 0, 1],
            "残疾": [1, 0, 0, 0, 0, 0, 1],
            "零就业家庭": [1, 0, 0, 0, 0, 0, 1],
        ])
        #expect(counts(table.total) == [4, 2, 1, 1, 0, 0, 2])
    }

    @Test func byOriginProvinceWithMissingOrigin() throws {
        // C005 has no origin region.
        let table = try report(.originProvince)
        #expect(byGroup(table) == [
            "35": [8, 6, 2, 2, 0, 2, 2],
            "44": [1, 1, 1, 0, 0, 0, 0],
            "11": [1, 0, 0, 0, 0, 0, 1],
            "42": [1, 1, 0, 0, 1, 0, 0],
            "未填写": [1, 1, 1, 0, 0, 0, 0],
        ])
        #expect(table.rows.first { $0["group"] == .text("35") }?["label"] == .text("福建"))
    }

    @Test func byDegreeLevel() throws {
        #expect(byGroup(try report(.degreeLevel)) == [
            "本科": [9, 6, 4, 2, 0, 0, 3],
            "硕士": [2, 2, 0, 0, 1, 1, 0],
            "博士": [1, 1, 0, 0, 0, 1, 0],
        ])
    }

    @Test func byMajor() throws {
        let table = try report(.major)
        #expect(byGroup(table) == [
            "080801": [4, 2, 2, 0, 0, 0, 2],
            "0811": [1, 1, 0, 0, 0, 1, 0],
            "080901": [5, 5, 1, 2, 1, 1, 0],
            "020101": [2, 1, 1, 0, 0, 0, 1],
        ])
        #expect(table.rows.first { $0["group"] == .text("0811") }?["label"] == .text("控制科学与工程"))
    }

    @Test func jsonHasTheContractShape() throws {
        let json = try report(.department).renderJSON()
        #expect(json.hasPrefix("{\"by\":\"department\",\"report\":\"placement\",\"rows\":[{\"agreement_contract\":2,"))
        #expect(json.hasSuffix(",\"total\":{\"agreement_contract\":4,\"agreement_contract_rate\":0.3333,\"entrepreneurship\":1,"
            + "\"entrepreneurship_rate\":0.0833,\"flexible\":2,\"flexible_rate\":0.1667,\"further_study\":2,\"further_study_rate\":0.1667,"
            + "\"graduates\":12,\"group\":\"合计\",\"label\":\"合计\",\"placed\":9,\"placement_rate\":0.75,\"unplaced\":3}}"))
        #expect(json.contains("\"group\":\"CS\",\"label\":\"计算机学院\",\"placed\":5,\"placement_rate\":1.0,"))
    }

    @Test func csvHasChineseTitlesAndDecimalRates() throws {
        let rows = try report(.department).csvRows()
        #expect(rows[0] == ["学院", "名称", "毕业生数", "已落实", "毕业去向落实率", "协议和合同就业", "协议和合同就业率", "灵活就业", "灵活就业率",
                            "自主创业", "自主创业率", "升学", "升学率", "未落实"])
        #expect(rows[1] == ["AUTO", "自动化学院", "5", "3", "0.6", "2", "0.4", "0", "0.0", "0", "0.0", "1", "0.2", "2"])
        #expect(rows.last == ["合计", "合计", "12", "9", "0.75", "4", "0.3333", "2", "0.1667", "1", "0.0833", "2", "0.1667", "3"])
    }

    @Test func eachPartIsAlsoARateOverTheSameGraduates() throws {
        for dimension in PlacementDimension.allCases {
            let table = try report(dimension)
            for row in table.rows + [table.total] {
                guard case .count(let graduates) = row["graduates"] else { Issue.record("no graduates in \(row)"); continue }
                for part in RatePart.allCases {
                    guard case .count(let count) = row[part.rawValue] else { Issue.record("no \(part) in \(row)"); continue }
                    #expect(row[part.rateKey] == .rate(count, of: graduates), "\(dimension) \(part)")
                }
            }
        }
        let text = try report(.department).renderText()
        #expect(text.contains("升学率") && text.contains("16.67%"), "2 of 12 go on to further study")
    }

    @Test func degreeLevelsAreListedFromTheHighest() throws {
        let groups = try report(.degreeLevel).rows.map { $0["group"] }
        #expect(groups == [.text("博士"), .text("硕士"), .text("本科")])
    }

    @Test func noGraduatesGiveAZeroTotal() {
        let table = PlacementReport.make([], by: .department)
        #expect(table.rows.isEmpty)
        #expect(counts(table.total) == [0, 0, 0, 0, 0, 0, 0])
        #expect(table.total["placement_rate"] == .rate(0))
    }
}
