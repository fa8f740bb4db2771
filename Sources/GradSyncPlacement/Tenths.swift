import GradSyncCore

/// Amounts with at most one decimal place (`FieldKind.tenths`), counted in tenths.
///
/// The stored form is canonical, so identical amounts are identical values on every replica: a whole amount is
/// `.integer(16)`, any other the decimal text with one digit after the point, `.string("1.5")` (never `"1.50"`,
/// `"01.5"` or `"16.0"`).
public enum Tenths {
    /// The amount a stored value holds, in tenths; nil when the value is not in the canonical form.
    public static func tenths(of value: FieldValue) -> Int64? {
        switch value {
        case .integer(let whole):
            let (tenths, overflow) = whole.multipliedReportingOverflow(by: 10)
            return overflow ? nil : tenths
        case .string(let text):
            guard let tenths = parse(text), tenths % 10 != 0, Tenths.text(tenths) == text else { return nil }
            return tenths
        default:
            return nil
        }
    }

    /// The canonical stored value of an amount given in tenths.
    public static func value(_ tenths: Int64) -> FieldValue {
        tenths % 10 == 0 ? .integer(tenths / 10) : .string(text(tenths))
    }

    /// A typed amount (`"16"`, `"1.5"`, `"1.50"`) in its canonical stored form; any other value is returned as it is,
    /// for the field's check to refuse.
    public static func canonical(_ value: FieldValue) -> FieldValue {
        guard case .string(let text) = value, let tenths = parse(text) else { return value }
        return Self.value(tenths)
    }

    /// An amount in tenths as text: `16`, `1.5`, `-0.5`.
    public static func text(_ tenths: Int64) -> String {
        let magnitude = tenths.magnitude
        let whole = "\(tenths < 0 ? "-" : "")\(magnitude / 10)"
        return magnitude % 10 == 0 ? whole : "\(whole).\(magnitude % 10)"
    }

    /// Digits with an optional point and fractional digits, worth a whole number of tenths; nil otherwise.
    static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.count <= 15,
              wholeText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let whole = Int64(wholeText) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1].utf8
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }), digits.dropFirst().allSatisfy({ $0 == 48 }) else { return nil }
            fraction = Int64(digits.first! - 48)
        }
        return whole * 10 + fraction
    }
}
