/// Data-quality warnings for reviewers (domain notes §1, §5.7).
///
/// Two kinds of row: `flagged_share` when codes 12, 75 and 76 together exceed `threshold` of a
/// department's graduates (or of all graduates: group `合计`), and `record_rule` for each rule a
/// record breaks (a missing employer for an employment code, a missing study institution, a
/// missing required field, a value that no longer fits the code list) — records a merge can
/// produce even though each change was valid — and `destination_fields` (去向与字段不符) for each field
/// a record holds that its destination does not use. Personal values are hidden. JSON keeps the machine names
/// of checks and fields (`check`, `field`); tables show their Chinese names (`check_label`, `field_label`).
public enum DataQualityReport {
    /// The report's name in JSON.
    public static let name = "data_quality"

    /// The default share of 12/75/76 above which a department is flagged.
    public static let defaultThreshold = 0.3

    /// Lists every warning: shares first (by department), then record rules (by department, student number).
    public static func make(_ records: [GraduateRecord], threshold: Double = defaultThreshold, codes: CodeSet = .latest) -> ReportTable {
        let sorted = records.sorted { ($0.department, $0.studentNumber) < ($1.department, $1.studentNumber) }
        return make(groups: records.asGroups, eachRecord: { visit in sorted.forEach(visit) }, threshold: threshold, codes: codes)
    }

    /// The fields the shares are counted from.
    public static let fieldsRead = ["destination_code"]

    /// Lists every warning from the graduates counted in groups (the shares) and each record visited once, in
    /// (department, student number) order, by `eachRecord` (the record rules): only the warnings are kept, so a
    /// caller streaming records from the store holds one record at a time.
    public static func make(groups: [GraduateGroup], eachRecord: ((GraduateRecord) -> Void) throws -> Void,
                            threshold: Double = defaultThreshold, codes: CodeSet = .latest) rethrows -> ReportTable {
        var rows: [[String: ReportValue]] = []
        let byDepartment = Dictionary(grouping: groups, by: \.record.department)
        for department in byDepartment.keys.sorted() {
            if let row = shareWarning(byDepartment[department]!, group: department, threshold: threshold, codes: codes) { rows.append(row) }
        }
        if let row = shareWarning(groups, group: PlacementReport.totalGroup, threshold: threshold, codes: codes) { rows.append(row) }
        let validator = GraduateValidator(codes: codes)
        try eachRecord { record in
            for error in validator.validateRecord(record.fields, department: record.department, includingUnused: false) {
                rows.append(labelled(["group": .text(record.studentNumber), "department": .text(record.department), "check": .text("record_rule"),
                                      "field": .text(error.field), "value": .text(error.value), "detail": .text(error.allowed)]))
            }
            rows += destinationFieldRows(record, codes: codes)
        }
        let columns = [ReportColumn("group", "学号/学院"), ReportColumn("department", "学院"), ReportColumn("check_label", "检查项"),
                       ReportColumn("field_label", "字段"), ReportColumn("value", "值"), ReportColumn("detail", "说明")]
        let total: [String: ReportValue] = ["group": .text(PlacementReport.totalGroup), "warnings": .count(rows.count),
                                            "graduates": .count(groups.reduce(0) { $0 + $1.count })]
        return ReportTable(report: name, by: "warning", columns: columns, rows: rows, total: total)
    }

    /// One `destination_fields` row per field a record holds that its destination does not use: data from before
    /// writes cleared them, or from a peer on an older version. The value is hidden as the field's privacy asks.
    private static func destinationFieldRows(_ record: GraduateRecord, codes: CodeSet) -> [[String: ReportValue]] {
        guard let destination = record.destination(codes) else { return [] }
        return DestinationFields.unused(in: record.fields, codes: codes).map { name in
            let error = GraduateValidator.unusedProblem(name, record.fields[name]!, destination: destination)
            let label = GraduateSchema.field(named: name)?.label ?? name
            return labelled(["group": .text(record.studentNumber), "department": .text(record.department), "check": .text(destinationFieldsCheck),
                             "field": .text(name), "value": .text(error.value),
                             "detail": .text("去向与字段不符：毕业去向 \(destination.code)（\(destination.classification.name)）不使用\(label)，请清空该字段")])
        }
    }

    /// The check of a field that the record's destination does not use.
    public static let destinationFieldsCheck = "destination_fields"

    private static func shareWarning(_ groups: [GraduateGroup], group: String, threshold: Double,
                                     codes: CodeSet) -> [String: ReportValue]? {
        let flagged = groups.filter { $0.record.destination(codes)?.isReviewerFlagged ?? false }.reduce(0) { $0 + $1.count }
        let graduates = groups.reduce(0) { $0 + $1.count }
        guard graduates > 0, Double(flagged) / Double(graduates) > threshold else { return nil }
        let share = ReportTable.percent(Double(flagged) / Double(graduates))
        return labelled(["group": .text(group), "department": group == PlacementReport.totalGroup ? .empty : .text(group),
                         "check": .text("flagged_share"), "field": .text("destination_code"), "value": .text(share),
                         "detail": .text("12/75/76 共 \(flagged)/\(graduates) 人，超过 \(ReportTable.percent(threshold))，请核实就业证明材料")])
    }

    /// The Chinese name of each check, shown in tables where JSON keeps the machine name.
    public static let checkLabels = ["flagged_share": "灵活就业和自主创业占比偏高", "record_rule": "记录不符合规则",
                                     destinationFieldsCheck: "去向与字段不符"]

    /// The row with `check_label` and `field_label`: the Chinese names of its check and field, for tables.
    private static func labelled(_ row: [String: ReportValue]) -> [String: ReportValue] {
        var row = row
        if case .text(let check) = row["check"] { row["check_label"] = .text(checkLabels[check] ?? check) }
        if case .text(let field) = row["field"] { row["field_label"] = .text(GraduateSchema.field(named: field)?.label ?? field) }
        return row
    }
}
