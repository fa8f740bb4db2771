import GradSyncCore
import GradSyncPlacement

/// The input of one schema field: a select of code and name for code lists and choices, a province select beside a
/// region code, a date picker, or text; every one named by the field's schema name.
enum FormControl {
    static func make(_ field: RecordField, text: String) -> HTML {
        var buffer = HTMLBuffer()
        Kept(field).write(text: text, into: &buffer)
        return buffer.html
    }

    /// A field's input with its value left out: the markup before the value and after it, built once per field (a
    /// record page writes about 40 inputs, and only their values differ from page to page).
    struct Kept: Sendable {
        enum Value: Sendable {
            /// The value is the selected option of these.
            case option(OptionList)
            /// The value is text in an attribute.
            case text
            /// The value picks a region (its selects depend on it).
            case region(RegionPicker.Kept)
        }

        let before: HTML
        let value: Value
        let after: HTML

        init(_ field: RecordField) {
            let id: HTML = "id=\"f-\(field.name)\" name=\"\(field.name)\""
            switch field.kind {
            case .code:
                before = """
                    <input type="search" class="filter" data-filter-for="f-\(field.name)" placeholder="输入代码或名称筛选" aria-label="筛选\(field.label)">\
                    <select \(id)>
                    """
                value = .option(FormControl.options(of: field))
                after = "</select>"
            case .choice:
                before = "<select \(id)>"
                value = .option(FormControl.options(of: field))
                after = "</select>"
            case .region:
                (before, value, after) = ("", .region(RegionPicker.Kept(field)), "")
            case .date:
                (before, value, after) = ("<input type=\"text\" \(id) value=\"", .text, "\" placeholder=\"yyyy-mm-dd\">")
            case .socialCreditCode:
                before = "<input type=\"text\" \(id) value=\""
                value = .text
                after = """
                    " maxlength="18" autocomplete="off" data-uscc>\
                    <p class="hint" data-uscc-hint="f-\(field.name)" aria-live="polite"></p>
                    """
            default:
                (before, value, after) = ("<input type=\"text\" \(id) value=\"", .text, "\">")
            }
        }

        /// The input showing `text`, onto the end of `buffer`.
        func write(text: String, into buffer: inout HTMLBuffer) {
            buffer.append(before)
            switch value {
            case .option(let options): options.write(selected: text, into: &buffer)
            case .text: buffer.append(text: text)
            case .region(let picker): picker.write(text: text, into: &buffer)
            }
            buffer.append(after)
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
