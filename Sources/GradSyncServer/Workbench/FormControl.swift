import GradSyncCore
import GradSyncPlacement

/// The input of one schema field: a select of code and name for code lists and choices, a province select beside a
/// region code, a date picker, or text; every one named by the field's schema name.
enum FormControl {
    static func make(_ field: RecordField, text: String) -> HTML {
        let id: HTML = "id=\"f-\(field.name)\" name=\"\(field.name)\""
        switch field.kind {
        case .code:
            return """
                <input type="search" class="filter" data-filter-for="f-\(field.name)" placeholder="输入代码或名称筛选" aria-label="筛选\(field.label)">\
                <select \(id)>\(options(of: field).render(selected: text))</select>
                """
        case .choice:
            return "<select \(id)>\(options(of: field).render(selected: text))</select>"
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

    /// The options of every code-list and choice field of the graduate schema, built on first use.
    static let optionLists: [String: OptionList] = {
        var lists: [String: OptionList] = [:]
        for field in GraduateSchema.fields {
            if let list = optionList(of: field) { lists[field.name] = list }
        }
        return lists
    }()

    /// A field's options: the kept ones for a graduate field, built here for any other.
    private static func options(of field: RecordField) -> OptionList {
        optionLists[field.name] ?? optionList(of: field) ?? OptionList([], blank: "（未填）")
    }

    /// The options of a code-list field (code and name) or a choice field (value and meaning).
    private static func optionList(of field: RecordField) -> OptionList? {
        switch field.kind {
        case .code(let kind):
            let options = kind.list(in: .latest).entries.map { entry in (entry.code, "\(entry.code) \(entry.name)") }
            return OptionList(options, blank: "（未填）", extra: field.name == "destination_code" ? destinationData : [:])
        case .choice(let choices):
            return OptionList(choices.map { ($0.value, $0.value == $0.meaning ? $0.value : "\($0.value) \($0.meaning)") }, blank: "（未填）")
        default:
            return nil
        }
    }
}
