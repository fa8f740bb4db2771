/// Key-group assistance compliance (domain notes §4, §5.5): one row per key-group graduate.
///
/// A graduate complies when the ledger shows a mentor assigned, at least `minimumTalks` talks and
/// at least `minimumRecommendations` recommendations. Ledger entries are matched to graduates by
/// student number (unique within the university). The total sets the key-group placement rate
/// beside the whole university's. Key-group categories themselves are not shown.
///
/// Entries that are the same event (`LedgerEntry.identity`, e.g. one talk entered on two replicas offline)
/// count once, and entries dated after the report's day do not count. A graduate's current mentor is the
/// latest mentor entry, by date and then by key, so a change of mentor replaces the earlier one.
public enum AssistanceReport {
    /// The report's name in JSON.
    public static let name = "assistance"

    /// Builds the report as of `day` (the caller's today; this module reads no clock); rows sorted by
    /// department, then student number.
    public static func make(_ records: [GraduateRecord], ledger: [LedgerEntry], asOf day: CalendarDate, minimumTalks: Int = 2,
                            minimumRecommendations: Int = 5, codes: CodeSet = .latest) -> ReportTable {
        var entries: [String: [LedgerEntry]] = [:]
        var seen = Set<String>()
        for entry in ledger {
            guard let student = entry.studentNumber, let date = entry.date, date <= day else { continue }
            if let identity = entry.identity, !seen.insert(identity).inserted { continue }
            entries[student, default: []].append(entry)
        }
        let keyGroup = records.filter(\.isKeyGroup).sorted { ($0.department, $0.studentNumber) < ($1.department, $1.studentNumber) }
        var compliant = 0, mentored = 0, talksMet = 0, recommendationsMet = 0, placed = 0
        let rows = keyGroup.map { record -> [String: ReportValue] in
            let own = entries[record.studentNumber] ?? []
            let mentor = currentMentor(own)
            let hasMentor = mentor != nil
            let talks = own.filter { $0.kind == .talk }.count
            let recommendations = own.filter { $0.kind == .recommendation }.count
            let hours = own.filter { $0.kind == .training }.reduce(Int64(0)) { $0 + $1.hoursInTenths }
            let complies = hasMentor && talks >= minimumTalks && recommendations >= minimumRecommendations
            let isPlaced = record.isPlaced(codes)
            if hasMentor { mentored += 1 }
            if talks >= minimumTalks { talksMet += 1 }
            if recommendations >= minimumRecommendations { recommendationsMet += 1 }
            if complies { compliant += 1 }
            if isPlaced { placed += 1 }
            return ["group": .text(record.studentNumber), "department": .text(record.department),
                    "mentor_assigned": .flag(hasMentor), "mentor": mentor.map(ReportValue.text) ?? .empty, "talks": .count(talks), "recommendations": .count(recommendations),
                    "training_hours": .tenths(hours), "compliant": .flag(complies), "placed": .flag(isPlaced)]
        }
        let universityPlaced = records.filter { $0.isPlaced(codes) }.count
        let total: [String: ReportValue] = [
            "group": .text(PlacementReport.totalGroup), "department": .empty, "graduates": .count(keyGroup.count),
            "mentor_assigned": .count(mentored), "mentor": .empty, "talks": .count(talksMet), "recommendations": .count(recommendationsMet),
            "training_hours": .empty, "compliant": .count(compliant), "placed": .count(placed),
            "placement_rate": .rate(placed, of: keyGroup.count),
            "university_graduates": .count(records.count), "university_placement_rate": .rate(universityPlaced, of: records.count),
        ]
        let columns = [
            ReportColumn("group", "学号"), ReportColumn("department", "学院"), ReportColumn("mentor_assigned", "已配帮扶导师"),
            ReportColumn("mentor", "帮扶导师"),
            ReportColumn("talks", "谈心谈话"), ReportColumn("recommendations", "岗位推荐"), ReportColumn("training_hours", "培训学时"),
            ReportColumn("compliant", "达标"), ReportColumn("placed", "已落实"),
        ]
        return ReportTable(report: name, by: "graduate", columns: columns, rows: rows, total: total)
    }

    /// The mentor named by the latest mentor entry (by date, then key, then ledger order), nil when none.
    static func currentMentor(_ entries: [LedgerEntry]) -> String? {
        let mentors = entries.enumerated().filter { $0.element.kind == .mentor && $0.element.mentor != nil }
        let latest = mentors.max { a, b in
            (a.element.date?.description ?? "", a.element.key ?? "", a.offset) < (b.element.date?.description ?? "", b.element.key ?? "", b.offset)
        }
        return latest?.element.mentor
    }
}
