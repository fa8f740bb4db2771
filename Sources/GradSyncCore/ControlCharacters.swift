/// Control characters (Unicode general category Cc): finding them in text and showing them visibly.
///
/// A control character in stored text can drive the terminal that prints it (`ESC ] 0 ;` retitles the
/// window, `ESC [ 2 J` clears it), so changes are refused when they hold one, and printers show any
/// already stored as an escape like `\u{1B}`, never raw.
public enum ControlCharacters {
    /// Whether `scalar` is a control character: U+0000–U+001F or U+007F–U+009F (Cc, which Unicode never changes).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether `text` holds a control character; a line feed (U+000A) is let through when `allowingLineFeeds`.
    public static func contains(_ text: String, allowingLineFeeds: Bool = false) -> Bool {
        // Scans UTF-8 bytes, since every change's text passes here: C0 and DEL are single bytes, and C1
        // (U+0080–U+009F) is 0xC2 followed by 0x80–0x9F (0xC2 is never a continuation byte).
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20, !(allowingLineFeeds && byte == 0x0A) { return true }
            if byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) { return true }
            previous = byte
        }
        return false
    }

    /// The first control character of `text` as `U+001B` (a line feed skipped when `allowingLineFeeds`), or nil.
    ///
    /// Refusals name the character rather than repeat the text, which may be personal and is at best unreadable.
    public static func first(in text: String, allowingLineFeeds: Bool = false) -> String? {
        guard let scalar = text.unicodeScalars.first(where: { isControl($0) && !(allowingLineFeeds && $0 == "\n") }) else { return nil }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// `text` with each control character written as a Swift escape, `\u{1B}`, so a terminal shows it and never obeys it.
    ///
    /// Text without control characters comes back unchanged.
    public static func visible(_ text: String) -> String {
        guard contains(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

extension FieldValue {
    /// The first string of the value — a string, a list item or an object's member name or value, at any depth —
    /// that holds a control character (a line feed let through when `allowingLineFeeds`), or nil.
    public func firstTextWithControlCharacter(allowingLineFeeds: Bool = false) -> String? {
        switch self {
        case .null, .bool, .integer: return nil
        case .string(let text): return ControlCharacters.contains(text, allowingLineFeeds: allowingLineFeeds) ? text : nil
        case .list(let items):
            for item in items {
                if let found = item.firstTextWithControlCharacter(allowingLineFeeds: allowingLineFeeds) { return found }
            }
            return nil
        case .object(let members):
            for (name, member) in members {
                if ControlCharacters.contains(name, allowingLineFeeds: allowingLineFeeds) { return name }
                if let found = member.firstTextWithControlCharacter(allowingLineFeeds: allowingLineFeeds) { return found }
            }
            return nil
        }
    }
}
