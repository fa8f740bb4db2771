import GradSyncCore

extension RecordField {
    /// Checks one value of this field on its own: type, format and code list. `.null` passes for optional fields.
    public func check(_ value: FieldValue, codes: CodeSet = .latest) throws(ValidationError) {
        if value.isNull {
            if isRequired { throw refusal(value, "a value; \(name) is required and cannot be cleared") }
            return
        }
        switch kind {
        case .wholeNumber(let range):
            guard let year = value.integerValue, range.contains(year) else {
                throw refusal(value, "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
        case .tenths(let range):
            guard let tenths = Tenths.tenths(of: value), range.contains(tenths) else { throw refusal(value, allowedText(codes)) }
        case .textList(let maxLength):
            try checkList(value, maxLength: maxLength)
        default:
            guard let text = value.stringValue else { throw refusal(value, "a string (\(allowedText(codes)))") }
            guard accepts(text, codes: codes) else {
                throw refusal(value, kind == .region ? Region.allowedDescription(refusing: text) : allowedText(codes))
            }
        }
    }

    private func checkList(_ value: FieldValue, maxLength: Int) throws(ValidationError) {
        let allowed = "a list of distinct non-empty strings of at most \(maxLength) characters"
        guard case .list(let items) = value else { throw refusal(value, allowed) }
        var seen = Set<String>()
        for item in items {
            guard let text = item.stringValue, TextRules.isPlainText(text, maxLength: maxLength),
                  seen.insert(text).inserted else { throw refusal(value, allowed) }
        }
    }

    private func accepts(_ text: String, codes: CodeSet) -> Bool {
        switch kind {
        case .text(let maxLength): return TextRules.isPlainText(text, maxLength: maxLength)
        case .multilineText(let maxLength): return TextRules.isPlainText(text, maxLength: maxLength, allowingLineFeeds: true)
        case .studentNumber: return text.utf8.count <= 32 && RecordLimits.isValidKey(text) && text.utf8.allSatisfy(TextRules.isASCIILetterOrDigit)
        case .examNumber: return text.utf8.count == 14 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        case .department: return Scope.isValidDepartmentCode(text) && text != "shared"
        case .code(let list): return list.list(in: codes).classify(text) != nil
        case .region: return Region(text) != nil
        case .choice(let options): return options.contains { $0.value == text }
        case .date: return CalendarDate(text) != nil
        case .majorCode: return TextRules.isMajorCode(text)
        case .socialCreditCode: return SocialCreditCode.isValid(text)
        case .mobilePhone: return text.utf8.count == 11 && text.hasPrefix("1") && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        case .wholeNumber, .tenths, .textList: return false
        }
    }

    /// What the field allows, in words, for `ValidationError.allowed`.
    public func allowedText(_ codes: CodeSet = .latest) -> String {
        switch kind {
        case .text(let maxLength): return "text of 1 to \(maxLength) characters without control characters"
        case .multilineText(let maxLength): return "text of 1 to \(maxLength) characters without control characters other than line feeds"
        case .studentNumber: return "1 to 32 of A-Z, a-z, 0-9 (学号 holds letters and digits only)"
        case .examNumber: return "exactly 14 digits 0-9 (考生号 as the student registry gives it)"
        case .department: return "a department code: 1 to 32 of A-Z, a-z, 0-9, '_' or '-' (not 'shared')"
        case .code(let list): return list.list(in: codes).allowedDescription
        case .region: return Region.allowedDescription
        case .choice(let options):
            return "one of " + options.map { $0.value == $0.meaning ? $0.value : "\($0.value) (\($0.meaning))" }
                .joined(separator: ", ")
        case .wholeNumber(let range): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .tenths(let range):
            return "a number from \(Tenths.text(range.lowerBound)) to \(Tenths.text(range.upperBound)) with at most one decimal place, e.g. 1.5"
        case .date: return "a real calendar date written yyyy-mm-dd"
        case .majorCode: return "a major catalogue code of 4 or 6 digits, optionally followed by K or T"
        case .socialCreditCode: return SocialCreditCode.allowedDescription
        case .mobilePhone: return "11 digits starting with 1"
        case .textList(let maxLength): return "a list of distinct non-empty strings of at most \(maxLength) characters"
        }
    }

    /// A refusal of `value` for this field, hiding the value when the field is personal (a missing value hides nothing).
    public func refusal(_ value: FieldValue, _ allowed: String) -> ValidationError {
        let missing = value == .string("")
        return ValidationError(field: name, value: hidesValues && !missing ? TextRules.hidden : TextRules.shown(value), allowed: allowed)
    }
}

/// Shared rules for plain text and how values appear in messages.
enum TextRules {
    /// What messages show instead of a personal value.
    static let hidden = "(hidden)"

    /// Longest value a message repeats, so a pasted paragraph does not flood the terminal.
    static let shownLength = 64

    /// A value as a message shows it: strings bare, other kinds as JSON, cut to `shownLength` characters.
    /// Control characters come out as escapes (`\u{1B}`), since messages end up on terminals and in logs.
    static func shown(_ value: FieldValue) -> String {
        let text = ControlCharacters.visible(value.stringValue ?? value.canonicalJSON)
        return text.count > shownLength ? String(text.prefix(shownLength)) + "…" : text
    }

    /// Whether `text` is 1 to `maxLength` characters without control characters (line feeds let through when asked).
    static func isPlainText(_ text: String, maxLength: Int, allowingLineFeeds: Bool = false) -> Bool {
        // Counting characters walks grapheme clusters; a text with no more UTF-8 bytes than the limit is within it.
        guard !text.isEmpty, text.utf8.count <= maxLength || text.count <= maxLength else { return false }
        return !ControlCharacters.contains(text, allowingLineFeeds: allowingLineFeeds)
    }

    /// Whether a UTF-8 byte is an ASCII letter or digit.
    static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    /// Whether `text` is 4 or 6 digits optionally followed by K or T.
    static func isMajorCode(_ text: String) -> Bool {
        var digits = Substring(text)
        if let last = digits.last, last == "K" || last == "T" { digits = digits.dropLast() }
        return (digits.count == 4 || digits.count == 6) && digits.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
