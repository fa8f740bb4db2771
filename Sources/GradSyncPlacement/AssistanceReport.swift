/// Key-group assistance compliance (domain notes §4, §5.5): one row per key-group graduate.
///
/// A graduate complies when the ledger shows a mentor assigned, at least `minimumTalks` talks and
/// at least `minimumRecommendations` recommendations. Ledger entries are matched to graduates by
/// student number (unique within the university); a row names its current mentor and, when it does not
/// comply, each criterion it fails. The total sets the key-group placement rate beside the whole
/// university's, and each of its cells counts what the column counts (talks under 谈心谈话, graduates
/// under 达标). Key-group categories themselves are not shown.
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
        make(keyGroup: records.filter(\.isKeyGroup), university: records.asGroups, ledger: ledger, asOf: day,
             minimumTalks: minimumTalks, minimumRecommendations: minimumRecommendations, codes: codes)
    }

    /// The fields the report reads of a key-group graduate's record (its department and student number aside).
    public static let fieldsRead = ["key_groups", "destination_code"]

    /// The fields the university's rate is counted from.
    public static let universityFieldsRead = ["destination_code"]

    /// Builds the report from the key-group graduates' records and the whole university counted in groups
    /// (each showing at least `universityFieldsRead`).
    public static func make(keyGroup records: [GraduateRecord], university: [GraduateGroup], ledger: [LedgerEntry],
                            asOf day: CalendarDate, minimumTalks: Int = 2, minimumRecommendations: Int = 5,
                            codes: CodeSet = .latest) -> ReportTable {
        var entries: [String: [LedgerEntry]] = [:]
        var seen = Set<String>()
        for entry in ledger {
            guard let student = entry.studentNumber, let date = entry.date, date <= day else { continue }
            if let identity = entry.identity, !seen.insert(identity).inserted { continue }
            entries[student, default: []].append(entry)
        }
        let keyGroup = records.filter(\.isKeyGroup).sorted { ($0.department, $0.studentNumber) < ($1.department, $1.studentNumber) }
        var compliant = 0, mentored = 0, talksMet = 0, recommendationsMet = 0, placed = 0
        var allTalks = 0, allRecommendations = 0, allHours = Int64(0)
        let rows = keyGroup.map { record -> [String: ReportValue] in
            let own = entries[record.studentNumber] ?? []
            let mentor = currentMentor(own)
            let hasMentor = mentor != nil
            let talks = own.filter { $0.kind == .talk }.count
            let recommendations = own.filter { $0.kind == .recommendation }.count
            let hours = own.filter { $0.kind == .training }.reduce(Int64(0)) { $0 + $1.hoursInTenths }
            let failing = failingCriteria(hasMentor: hasMentor, talks: talks, minimumTalks: minimumTalks,
                                          recommendations: recommendations, minimumRecommendations: minimumRecommendations)
            let isPlaced = record.isPlaced(codes)
            if hasMentor { mentored += 1 }
            if talks >= minimumTalks { talksMet += 1 }
            if recommendations >= minimumRecommendations { recommendationsMet += 1 }
            if failing.isEmpty { compliant += 1 }
            if isPlaced { placed += 1 }
            allTalks += talks
            allRecommendations += recommendations
            allHours += hours
            return ["group": .text(record.studentNumber), "department": .text(record.department),
                    "mentor_assigned": .flag(hasMentor), "mentor": mentor.map(ReportValue.text) ?? .empty, "talks": .count(talks),
                    "recommendations": .count(recommendations), "training_hours": .tenths(hours), "compliant": .flag(failing.isEmpty),
                    "failing": failing.isEmpty ? .empty : .text(failing.joined(separator: "；")), "placed": .flag(isPlaced),
                    "placement_rate": .empty, "university_placement_rate": .empty]
        }
        let universityPlaced = university.filter { $0.record.isPlaced(codes) }.reduce(0) { $0 + $1.count }
        let universityGraduates = university.reduce(0) { $0 + $1.count }
        // Every cell of the total counts what its column counts: graduates under the yes/no columns, talks under
        // 谈心谈话. How many graduates met each threshold is in `talks_met` and `recommendations_met`.
        let total: [String: ReportValue] = [
            "group": .text(PlacementReport.totalGroup), "department": .empty, "graduates": .count(keyGroup.count),
            "mentor_assigned": .count(mentored), "mentor": .empty, "talks": .count(allTalks), "recommendations": .count(allRecommendations),
            "talks_met": .count(talksMet), "recommendations_met": .count(recommendationsMet),
            "training_hours": .tenths(allHours), "compliant": .count(compliant), "failing": .count(keyGroup.count - compliant),
            "placed": .count(placed), "placement_rate": .rate(placed, of: keyGroup.count),
            "university_graduates": .count(universityGraduates), "university_placement_rate": .rate(universityPlaced, of: universityGraduates),
        ]
        let columns = [
            ReportColumn("group", "学号"), ReportColumn("department", "学院"), ReportColumn("mentor_assigned", "已配帮扶导师"),
            ReportColumn("mentor", "帮扶导师"),
            ReportColumn("talks", "谈心谈话"), ReportColumn("recommendations", "岗位推荐"), ReportColumn("training_hours", "培训学时"),
            ReportColumn("compliant", "达标"), ReportColumn("failing", "未达标项"), ReportColumn("placed", "已落实"),
            ReportColumn("placement_rate", "重点群体落实率"), ReportColumn("university_placement_rate", "全校落实率"),
        ]
        return ReportTable(report: name, by: "graduate", columns: columns, rows: rows, total: total)
    }

    /// What a graduate lacks to comply, in Chinese, e.g. `谈心谈话 1 次（应至少 2 次）`; empty when compliant.
    static func failingCriteria(hasMentor: Bool, talks: Int, minimumTalks: Int, recommendations: Int,
                                minimumRecommendations: Int) -> [String] {
        var failing: [String] = []
        if !hasMentor { failing.append("未配帮扶导师") }
        if talks < minimumTalks { failing.append("谈心谈话 \(talks) 次（应至少 \(minimumTalks) 次）") }
        if recommendations < minimumRecommendations {
            failing.append("岗位推荐 \(recommendations) 次（应至少 \(minimumRecommendations) 次）")
        }
        return failing
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
