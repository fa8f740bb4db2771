import GradSyncCore

extension RecordField {
    /// Checks one value of this field on its own: type, format and code list. `.null` passes for optional fields.
    public func check(_ value: FieldValue, codes: CodeSet = .latest) throws(ValidationError) {
        if value.isNull {
            if isRequired { throw refusal(value, Messages.requiredNotCleared) }
            return
        }
        switch kind {
        case .wholeNumber(let range):
            guard let year = value.integerValue, range.contains(year) else {
                throw refusal(value, Messages.wholeNumber(range))
            }
        case .tenths(let range):
            guard let tenths = Tenths.tenths(of: value), range.contains(tenths) else { throw refusal(value, allowedText(codes)) }
        case .textList(let maxLength):
            try checkList(value, maxLength: maxLength)
        case .keyGroups:
            try checkList(value, maxLength: 32)
            guard case .list(let items) = value, items.allSatisfy({ KeyGroup.categories.map(\.name).contains($0.stringValue ?? "") }) else {
                throw refusal(value, allowedText(codes))
            }
        default:
            guard let text = value.stringValue else { throw refusal(value, Messages.notText(allowedText(codes))) }
            guard accepts(text, codes: codes) else {
                throw refusal(value, kind == .region ? Region.allowedDescription(refusing: text) : allowedText(codes))
            }
        }
    }

    private func checkList(_ value: FieldValue, maxLength: Int) throws(ValidationError) {
        let allowed = Messages.textList(maxLength: maxLength)
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
        case .wholeNumber, .tenths, .textList, .keyGroups: return false
        }
    }

    /// What the field allows, in words, for `ValidationError.allowed`.
    public func allowedText(_ codes: CodeSet = .latest) -> String {
        switch kind {
        case .text(let maxLength): return Messages.text(maxLength: maxLength)
        case .multilineText(let maxLength): return Messages.text(maxLength: maxLength, lineFeeds: true)
        case .studentNumber: return Messages.studentNumber
        case .examNumber: return Messages.examNumber
        case .department: return Messages.departmentCode
        case .code(let list): return list.list(in: codes).allowedDescription
        case .region: return Region.allowedDescription
        case .choice(let options): return Messages.choice(options)
        case .wholeNumber(let range): return Messages.wholeNumber(range)
        case .tenths(let range): return Messages.tenths(from: Tenths.text(range.lowerBound), to: Tenths.text(range.upperBound))
        case .date: return Messages.storedDate
        case .majorCode: return Messages.majorCode
        case .socialCreditCode: return SocialCreditCode.allowedDescription
        case .mobilePhone: return Messages.mobilePhone
        case .textList(let maxLength): return Messages.textList(maxLength: maxLength)
        case .keyGroups: return Messages.keyGroups(KeyGroup.categories.map(\.name))
        }
    }

    /// A refusal of `value` for this field, named by its label, hiding the value when the field is personal; a
    /// missing value (`.null` or empty text) shows as none, so the message reads as the rule alone (`姓名：必填`).
    public func refusal(_ value: FieldValue, _ allowed: String) -> ValidationError {
        let missing = value.isNull || value == .string("")
        let shown = missing ? "" : hidesValues ? ValidationError.hidden : TextRules.shown(value)
        return ValidationError(field: name, value: shown, allowed: allowed, label: label)
    }
}

/// Shared rules for plain text and how values appear in messages.
enum TextRules {
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
