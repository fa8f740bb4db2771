import GradSyncPlacement

/// The selector on every report page: which 毕业年份 (届) the page counts, one to compare it with, and the day it is
/// as of (empty: now; a date: what the node knew at the end of that day, Beijing time).
///
/// A GET form: the choice is in the address (`?grad_year=2024&compare_with=2023`), so a page can be bookmarked and
/// its CSV downloads count the same cohort.
struct CohortSelector {
    let cohorts: [Int]
    let cohort: Int?
    let comparison: Int?
    /// The day the page is as of, nil for now.
    let asOf: CalendarDate?

    func render() -> HTML {
        guard !cohorts.isEmpty || asOf != nil else { return "" }
        func options(_ selected: Int?, none: HTML?) -> HTML {
            var items: [HTML] = none.map { ["<option value=\"\">\($0)</option>"] } ?? []
            items += cohorts.reversed().map { year in
                year == selected ? "<option value=\"\(year)\" selected>\(year)届</option>" : "<option value=\"\(year)\">\(year)届</option>"
            }
            return HTML.joined(items)
        }
        return """
            <form class="cohorts" method="get"><label>毕业年份 <select name="grad_year">\(options(cohort, none: nil))</select></label> \
            <label>对比 <select name="compare_with">\(options(comparison, none: "不对比"))</select></label> \
            <label>截至 <input type="date" name="as_of" value="\(asOf?.description ?? "")"></label> \
            <button type="submit">查看</button></form>
            """
    }
}
