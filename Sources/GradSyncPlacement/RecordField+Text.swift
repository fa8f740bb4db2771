import GradSyncCore

extension RecordField {
    /// The separators a list cell may use between its items: commas, semicolons (half- and full-width) and `、`.
    public static let listSeparators: Set<Character> = [";", "；", "、", ",", "，"]

    /// Text typed or read from a roster cell as this field's value: whole numbers for years, lists for key
    /// groups, a choice by its value or its meaning (`男` → `1`), everything else as the string given.
    ///
    /// The value is not checked; `check(_:codes:)` says whether the field allows it.
    public func value(fromText text: String) -> FieldValue {
        switch kind {
        case .wholeNumber:
            return Int64(text).map(FieldValue.integer) ?? .string(text)
        case .textList:
            let items = text.split(whereSeparator: { RecordField.listSeparators.contains($0) }).map { String($0).trimmingSpaces }
            return .list(items.filter { !$0.isEmpty }.map(FieldValue.string))
        case .choice(let options):
            return .string(options.first { $0.meaning == text }?.value ?? text)
        default:
            return .string(text)
        }
    }
}
