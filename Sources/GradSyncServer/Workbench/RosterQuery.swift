import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// What `/graduates` asks for: search, filters, sort and page, read from the query string.
///
/// The key-group filter is sensitive personal information (PIPL art. 28): it is read only when the explicit
/// `sensitive=1` toggle is on, and the page says so.
struct RosterQuery: Sendable, Equatable {
    var search = ""
    var major = ""
    /// A destination category (two digits), or `none` for graduates with no destination.
    var category = ""
    /// `yes` placed, `no` not placed, empty either.
    var placed = ""
    /// Whether the sensitive key-group filter is offered.
    var sensitive = false
    /// `yes` key-group graduates only, `no` the others (only with `sensitive`).
    var keyGroup = ""
    var conflicted = false
    /// Whether deleted graduates are listed (and only they).
    var deleted = false
    /// `missing`: records missing a field their destination needs.
    var todo = ""
    var sort = "student_no"
    var descending = false
    var page = 1

    static let pageSize = 50
    static let sortable: [(key: String, label: String)] = [
        ("student_no", "学号"), ("name", "姓名"), ("major_name", "专业"), ("destination_code", "毕业去向"),
    ]

    /// The query of a request's parameters (unknown values fall back to the defaults).
    init(_ get: (String) -> String?) {
        search = get("q")?.trimmingCharacters(in: .whitespaces) ?? ""
        major = get("major") ?? ""
        category = get("category") ?? ""
        placed = ["yes", "no"].contains(get("placed") ?? "") ? get("placed")! : ""
        sensitive = get("sensitive") == "1"
        keyGroup = sensitive && ["yes", "no"].contains(get("key_group") ?? "") ? get("key_group")! : ""
        conflicted = get("conflicted") == "1"
        deleted = get("deleted") == "1"
        todo = get("todo") == "missing" ? "missing" : ""
        sort = Self.sortable.contains { $0.key == get("sort") } ? get("sort")! : "student_no"
        descending = get("order") == "desc"
        page = max(1, Int(get("page") ?? "") ?? 1)
    }

    init() {}

    /// The fields `matches` and `sorted` read, and the major the filter's choices list: all a record needs to show
    /// for the roster to filter and sort it (the page's own rows are read whole).
    var fieldsRead: [String] {
        var fields = ["major_name"]
        if !search.isEmpty { fields.append("name") }
        if !major.isEmpty { fields.append("major_code") }
        if !category.isEmpty || !placed.isEmpty { fields.append("destination_code") }
        if !keyGroup.isEmpty { fields.append("key_groups") }
        if todo == "missing" { fields += ["destination_code"] + DestinationFields.dependent }
        if sort != "student_no" { fields.append(sort) }
        return Array(Set(fields)).sorted()
    }

    /// The page shown of `count` matching records: the one asked for, at most the last.
    static func page(_ asked: Int, of count: Int) -> (number: Int, pages: Int, range: Range<Int>) {
        let pages = max(1, (count + pageSize - 1) / pageSize)
        let number = min(asked, pages)
        let start = (number - 1) * pageSize
        return (number, pages, start..<min(count, start + pageSize))
    }

    /// Whether a record passes the search and filters.
    func matches(_ state: RecordState) -> Bool {
        let record = state.graduate
        if deleted != state.isDeleted { return false }
        if !search.isEmpty, !state.id.key.contains(search), !(record.text("name") ?? "").contains(search) { return false }
        if !major.isEmpty, record.text("major_name") != major, record.text("major_code") != major { return false }
        // The destination is parsed only when a filter asks for it: the roster checks every record on every request.
        if category == "none" { if record.text("destination_code") != nil { return false } }
        else if !category.isEmpty, record.destination()?.prefix != category { return false }
        if placed == "yes", !record.isPlaced() { return false }
        if placed == "no", record.isPlaced() { return false }
        if keyGroup == "yes", !record.isKeyGroup { return false }
        if keyGroup == "no", record.isKeyGroup { return false }
        if conflicted, state.conflictedFields.isEmpty { return false }
        if todo == "missing", Self.missing(record).isEmpty { return false }
        return true
    }

    /// The fields a record's destination needs that it lacks.
    static func missing(_ record: GraduateRecord) -> [String] {
        guard let destination = record.destination() else { return [] }
        return DestinationFields.needed(by: destination, in: record.fields).filter { (record.fields[$0] ?? .null).isNull }
    }

    /// The records in the asked order.
    func sorted(_ states: [RecordState]) -> [RecordState] {
        let key = sort
        // Each record's sort text is read once, not in every comparison.
        let keyed = states.map { state in (text: key == "student_no" ? state.id.key : (state.graduate.text(key) ?? ""), state: state) }
        let ordered = keyed.sorted { a, b in
            a.text == b.text ? a.state.id.key < b.state.id.key : a.text < b.text
        }.map(\.state)
        return descending ? ordered.reversed() : ordered
    }

    /// The query string of this query with some parameters changed (for sort links and paging).
    func link(_ changes: [String: String] = [:]) -> String {
        var items: [(String, String)] = [
            ("q", search), ("major", major), ("category", category), ("placed", placed), ("sensitive", sensitive ? "1" : ""),
            ("key_group", keyGroup), ("conflicted", conflicted ? "1" : ""), ("deleted", deleted ? "1" : ""), ("todo", todo),
            ("sort", sort == "student_no" ? "" : sort), ("order", descending ? "desc" : ""), ("page", page == 1 ? "" : String(page)),
        ]
        items = items.map { ($0.0, changes[$0.0] ?? $0.1) }.filter { !$0.1.isEmpty }
        let query = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return "/graduates" + (query.isEmpty ? "" : "?" + query)
    }
}
