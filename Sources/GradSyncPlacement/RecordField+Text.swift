import GradSyncCore

extension RecordField {
    /// The separators a list cell may use between its items: commas, semicolons (half- and full-width) and `、`.
    ///
    /// Text becomes a field's value through `FieldInput`, the one normaliser of commands and roster cells.
    public static let listSeparators: Set<Character> = [";", "；", "、", ",", "，"]
}
