import GradSyncCore
import GradSyncPlacement

/// The input of one schema field: a select of code and name for code lists and choices, a province select beside a
/// region code, a date picker, or text; every one named by the field's schema name.
enum FormControl {
    static func make(_ field: RecordField, text: String) -> HTML {
        let id: HTML = "id=\"f-\(field.name)\" name=\"\(field.name)\""
        switch field.kind {
        case .code(let kind):
            let list = kind.list(in: .latest)
            let options = list.entries.map { entry in (entry.code, "\(entry.code) \(entry.name)") }
            let extra = field.name == "destination_code" ? destinationData : [:]
            return """
                <input type="search" class="filter" data-filter-for="f-\(field.name)" placeholder="输入代码或名称筛选" aria-label="筛选\(field.label)">\
                \(select(id, options: options, selected: text, extra: extra))
                """
        case .choice(let choices):
            return select(id, options: choices.map { ($0.value, $0.value == $0.meaning ? $0.value : "\($0.value) \($0.meaning)") }, selected: text)
        case .region:
            return RegionPicker.make(field, text: text)
        case .date:
            return "<input type=\"text\" \(id) value=\"\(text)\" placeholder=\"yyyy-mm-dd\">"
        case .socialCreditCode:
            return """
                <input type="text" \(id) value="\(text)" maxlength="18" autocomplete="off" data-uscc>\
                <p class="hint" data-uscc-hint="f-\(field.name)" aria-live="polite"></p>
                """
        default:
            return "<input type=\"text\" \(id) value=\"\(text)\">"
        }
    }

    /// For each destination code, the fields it needs and the fields it uses, read by the script.
    static let destinationData: [String: (needed: String, used: String)] = {
        var data: [String: (String, String)] = [:]
        for entry in CodeSet.latest.destination.entries {
            guard let destination = Destination(entry.code) else { continue }
            let needed = DestinationFields.needed(by: destination, in: [:]).joined(separator: " ")
            let used = DestinationFields.dependent.filter { DestinationFields.used(by: destination).contains($0) }.joined(separator: " ")
            data[entry.code] = (needed, used)
        }
        return data
    }()

    private static func select(_ id: HTML, options list: [(String, String)], selected: String,
                               extra: [String: (needed: String, used: String)] = [:]) -> HTML {
        "<select \(id)>\(options(list, selected: selected, blank: "（未填）", extra: extra))</select>"
    }

    private static func options(_ list: [(String, String)], selected: String, blank: String,
                                extra: [String: (needed: String, used: String)] = [:]) -> HTML {
        var parts: [HTML] = ["<option value=\"\">\(blank)</option>"]
        var found = selected.isEmpty
        for (value, label) in list {
            let mark: HTML = value == selected ? " selected" : ""
            if value == selected { found = true }
            let data: HTML = extra[value].map { " data-needed=\"\($0.needed)\" data-used=\"\($0.used)\"" } ?? ""
            parts.append("<option value=\"\(value)\"\(mark)\(data)>\(label)</option>")
        }
        // A value the list does not hold (an older code set, a synced typo) stays visible and selected, so saving
        // another field never silently clears it.
        if !found { parts.append("<option value=\"\(selected)\" selected>\(selected)（不在代码表中）</option>") }
        return .joined(parts)
    }
}
