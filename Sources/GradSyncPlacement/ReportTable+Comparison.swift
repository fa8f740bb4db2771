extension ReportTable {
    /// The table with another cohort's figures beside each row (this year's rate beside last year's).
    ///
    /// Rows are matched by `group`; for each key in `keys` the other cohort's value comes as `previous_KEY`, titled
    /// with that cohort (`2024届毕业去向落实率`). A group the other cohort lacks gets empty cells; a group only the other
    /// cohort has is not added (the table reports this cohort).
    public func comparing(with previous: ReportTable, cohort: Int, keys: [String]) -> ReportTable {
        var previousRows: [String: [String: ReportValue]] = [:]
        for row in previous.rows {
            if case .text(let group) = row["group"] { previousRows[group] = row }
        }
        func extended(_ row: [String: ReportValue], from other: [String: ReportValue]?) -> [String: ReportValue] {
            var row = row
            for key in keys { row["previous_" + key] = other?[key] ?? .empty }
            return row
        }
        let rows = self.rows.map { row -> [String: ReportValue] in
            guard case .text(let group) = row["group"] else { return extended(row, from: nil) }
            return extended(row, from: previousRows[group])
        }
        let added = keys.map { key in
            ReportColumn("previous_" + key, "\(cohort)届" + (columns.first { $0.key == key }?.title ?? key))
        }
        return ReportTable(report: report, by: by, columns: columns + added, rows: rows,
                           total: extended(total, from: previous.total))
    }
}
