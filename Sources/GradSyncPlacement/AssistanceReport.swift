/// Key-group assistance compliance (domain notes §4, §5.5): one row per key-group graduate.
///
/// A graduate complies when the ledger shows a mentor assigned, at least `minimumTalks` talks and
/// at least `minimumRecommendations` recommendations. Ledger entries are matched to graduates by
/// student number (unique within the university). The total sets the key-group placement rate
/// beside the whole university's. Key-group categories themselves are not shown.
public enum AssistanceReport {
    /// The report's name in JSON.
    public static let name = "assistance"

    /// Builds the report; rows sorted by department, then student number.
    public static func make(_ records: [GraduateRecord], ledger: [LedgerEntry], minimumTalks: Int = 2,
                            minimumRecommendations: Int = 5, codes: CodeSet = .latest) -> ReportTable {
        var entries: [String: [LedgerEntry]] = [:]
        for entry in ledger {
            if let student = entry.studentNumber { entries[student, default: []].append(entry) }
        }
        let keyGroup = records.filter(\.isKeyGroup).sorted { ($0.department, $0.studentNumber) < ($1.department, $1.studentNumber) }
        var compliant = 0, mentored = 0, talksMet = 0, recommendationsMet = 0, placed = 0
        let rows = keyGroup.map { record -> [String: ReportValue] in
            let own = entries[record.studentNumber] ?? []
            let hasMentor = own.contains { $0.kind == .mentor }
            let talks = own.filter { $0.kind == .talk }.count
            let recommendations = own.filter { $0.kind == .recommendation }.count
            let hours = own.filter { $0.kind == .training }.reduce(0) { $0 + Int($1.hours) }
            let complies = hasMentor && talks >= minimumTalks && recommendations >= minimumRecommendations
            let isPlaced = record.isPlaced(codes)
            if hasMentor { mentored += 1 }
            if talks >= minimumTalks { talksMet += 1 }
            if recommendations >= minimumRecommendations { recommendationsMet += 1 }
            if complies { compliant += 1 }
            if isPlaced { placed += 1 }
            return ["group": .text(record.studentNumber), "department": .text(record.department),
                    "mentor_assigned": .flag(hasMentor), "talks": .count(talks), "recommendations": .count(recommendations),
                    "training_hours": .count(hours), "compliant": .flag(complies), "placed": .flag(isPlaced)]
        }
        let universityPlaced = records.filter { $0.isPlaced(codes) }.count
        let total: [String: ReportValue] = [
            "group": .text(PlacementReport.totalGroup), "department": .empty, "graduates": .count(keyGroup.count),
            "mentor_assigned": .count(mentored), "talks": .count(talksMet), "recommendations": .count(recommendationsMet),
            "training_hours": .empty, "compliant": .count(compliant), "placed": .count(placed),
            "placement_rate": .rate(placed, of: keyGroup.count),
            "university_graduates": .count(records.count), "university_placement_rate": .rate(universityPlaced, of: records.count),
        ]
        let columns = [
            ReportColumn("group", "学号"), ReportColumn("department", "学院"), ReportColumn("mentor_assigned", "已配帮扶导师"),
            ReportColumn("talks", "谈心谈话"), ReportColumn("recommendations", "岗位推荐"), ReportColumn("training_hours", "培训学时"),
            ReportColumn("compliant", "达标"), ReportColumn("placed", "已落实"),
        ]
        return ReportTable(report: name, by: "graduate", columns: columns, rows: rows, total: total)
    }
}
