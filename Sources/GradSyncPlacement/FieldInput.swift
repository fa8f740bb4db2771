import GradSyncCore

/// How text typed in a command or read from a roster cell becomes a field's typed value: the one normaliser of
/// every text path, so that `graduate set` and a roster import store the same value for the same text.
///
/// By field kind:
/// - every kind: surrounding spaces (ASCII space, tab and the ideographic space U+3000) are trimmed;
/// - identifiers, codes, regions, choices, whole numbers and dates: full-width ASCII forms (U+FF01–U+FF5E, `０１２`,
///   `２０２３／６／１`) are folded to ASCII, since Chinese input methods type them and they never mean anything else
///   there. Free text (names, employer and school names, countries, lists) keeps them: they are part of what was
///   written, and a name is stored as the person or employer writes it;
/// - choices: the value or its meaning (`男` → `1`);
/// - code lists: the code, or a name the list holds for exactly one code (`其他企业` → `39`); a name the list holds
///   for several codes, or only part of a name, is refused listing the candidates;
/// - dates: `yyyy-mm-dd`, `yyyy/m/d`, `yyyy.m.d`, `yyyy年m月d日` and `yyyymmdd`, stored as `yyyy-mm-dd`; in a roster
///   cell also an Excel date serial (days since 1899-12-30) of a date from 1990 to 2100, since Excel writes a
///   date cell that way when the column is not formatted as text.
///
/// The value made is checked on its own (`RecordField.check`); a refusal names the field, the text as given
/// (hidden for personal fields) and what may be given. Rules across fields are the records layer's.
public struct FieldInput: Sendable {
    /// Where the text comes from, which decides the forms a date may take.
    public enum Source: Sendable {
        /// Typed in a command (`FIELD=VALUE`).
        case command
        /// A cell of an imported roster: an Excel date serial is a date too.
        case rosterCell
    }

    /// Where the text comes from.
    public let source: Source
    /// The code lists codes and names are read with.
    public let codes: CodeSet

    /// A normaliser for text from `source`.
    public init(_ source: Source, codes: CodeSet = .latest) {
        self.source = source
        self.codes = codes
    }

    /// Excel's date serials of 1990-01-01 and 2100-12-31: a whole number outside them is not taken for a date.
    public static let serialDates: ClosedRange<Int> = 32_874...73_415

    /// The value `text` gives `field`, checked on its own; nil when the text is empty once trimmed (the caller
    /// decides whether that clears the field or leaves it alone).
    public func value(_ text: String, for field: RecordField) throws(ValidationError) -> FieldValue? {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        let value: FieldValue
        switch field.kind {
        case .text, .multilineText:
            value = .string(trimmed)
        case .textList:
            let items = trimmed.split(whereSeparator: { RecordField.listSeparators.contains($0) }).map { String($0).trimmingSpaces }
            value = .list(items.filter { !$0.isEmpty }.map(FieldValue.string))
        case .wholeNumber:
            let folded = FieldInput.foldingFullWidth(trimmed)
            guard let number = Int64(folded) else { throw field.refusal(.string(text), allowed(field)) }
            value = .integer(number)
        case .tenths:
            // `1.5` and `1.50` are one amount: stored in the canonical form (`Tenths`), so duplicates compare equal.
            value = Tenths.canonical(.string(FieldInput.foldingFullWidth(trimmed)))
        case .choice(let options):
            let folded = FieldInput.foldingFullWidth(trimmed)
            value = .string(options.first { $0.value == folded || $0.meaning == folded }?.value ?? folded)
        case .code(let kind):
            value = .string(try code(trimmed, of: kind.list(in: codes), typed: text, field: field))
        case .date:
            guard let date = date(FieldInput.foldingFullWidth(trimmed)) else { throw field.refusal(.string(text), allowed(field)) }
            value = .string(date.description)
        case .studentNumber, .examNumber, .department, .region, .majorCode, .socialCreditCode, .mobilePhone:
            value = .string(FieldInput.foldingFullWidth(trimmed))
        }
        do { try field.check(value, codes: codes) } catch {
            // A retired region's refusal says what replaced it: keep that rather than the general description.
            throw field.refusal(.string(text), field.kind == .region ? error.allowed : allowed(field))
        }
        return value
    }

    /// What `field` accepts as text from this source, for refusals.
    public func allowed(_ field: RecordField) -> String {
        switch field.kind {
        case .date:
            let serials = source == .rosterCell
                ? ", or an Excel date serial from \(FieldInput.serialDates.lowerBound) to \(FieldInput.serialDates.upperBound) (1990 to 2100)" : ""
            return "a real calendar date written yyyy-mm-dd, yyyy/m/d, yyyy.m.d, yyyy年m月d日 or yyyymmdd\(serials)"
        case .code(let kind):
            let list = kind.list(in: codes)
            let example = list.entries.first.map { " (e.g. \($0.name))" } ?? ""
            return field.allowedText(codes) + ", or a name the list holds for exactly one code\(example)"
        default:
            return field.allowedText(codes)
        }
    }

    /// The code `text` means in `list`: the code itself (full-width digits folded), or the one code of an exact name.
    private func code(_ text: String, of list: CodeList, typed: String, field: RecordField) throws(ValidationError) -> String {
        let folded = FieldInput.foldingFullWidth(text)
        if folded.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return folded }
        let named = list.entries.filter { $0.name == text || $0.name == folded }
        if named.count == 1 { return named[0].code }
        let candidates = named.isEmpty ? list.entries.filter { $0.name.contains(text) } : named
        guard !candidates.isEmpty else { return folded }
        let listed = candidates.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
        let why = named.isEmpty ? "only part of a name; names that hold it" : "a name of several codes; give one of them"
        throw field.refusal(.string(typed), "a \(list.title) code or the exact name of one; '\(text)' is \(why): \(listed)")
    }

    /// The date `text` writes, in any accepted form; nil when it writes none or no such day exists.
    private func date(_ text: String) -> CalendarDate? {
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            if bytes.count == 8 {
                return CalendarDate("\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))")
            }
            // Excel counts days from 1899-12-30 (its day 60 is a 1900-02-29 that never was; no serial in range is near it).
            guard source == .rosterCell, let serial = Int(text), FieldInput.serialDates.contains(serial) else { return nil }
            return CalendarDate(daysSinceEpoch: serial - 25_569)
        }
        let parts: [Substring]
        if text.hasSuffix("日"), text.contains("年"), text.contains("月") {
            parts = text.dropLast().split(omittingEmptySubsequences: false, whereSeparator: { $0 == "年" || $0 == "月" })
        } else if let separator = text.first(where: { $0 == "-" || $0 == "/" || $0 == "." }) {
            parts = text.split(separator: separator, omittingEmptySubsequences: false)
        } else {
            return nil
        }
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }) else { return nil }
        func padded(_ part: Substring) -> String { part.count == 1 ? "0" + part : String(part) }
        return CalendarDate("\(parts[0])-\(padded(parts[1]))-\(padded(parts[2]))")
    }

    /// `text` with each full-width ASCII form (U+FF01–U+FF5E) replaced by its ASCII character.
    public static func foldingFullWidth(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalars.append(ascii)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
