/// A field's value: a JSON value with one canonical byte form.
///
/// Values compare as canonical bytes, so every replica orders and deduplicates them alike: two strings that
/// Unicode calls equivalent (`é` as one code point or two) are different values here, as they are to SQLite.
/// Unknown fields from newer versions are just values too, stored and handed on untouched.
public indirect enum FieldValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case string(String)
    case list([FieldValue])
    case object([String: FieldValue])

    /// The canonical JSON text: no insignificant white space, object keys sorted by their UTF-8 bytes.
    public var canonicalJSON: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let value): out += String(value)
        case .string(let value): FieldValue.writeString(value, to: &out)
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out += "," }
                FieldValue.writeString(key, to: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    /// Appends `text` as a JSON string, escaping only what JSON requires.
    public static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Byte-exact equality of the canonical forms (not Swift's Unicode-equivalence of strings).
    ///
    /// Scalars compare without writing their text (every change's validation asks, often of `.null`): two kinds never
    /// share a canonical text, and a string's is its Unicode scalars escaped one by one, so two strings' texts are
    /// equal exactly when their UTF-8 bytes are. Lists and objects compare by their canonical text.
    public static func == (lhs: FieldValue, rhs: FieldValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.integer(let left), .integer(let right)): return left == right
        case (.string(let left), .string(let right)): return left.utf8.elementsEqual(right.utf8)
        case (.list, .list), (.object, .object): return lhs.canonicalJSON.utf8.elementsEqual(rhs.canonicalJSON.utf8)
        default: return false
        }
    }

    /// Hashes the canonical bytes, consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        for byte in canonicalJSON.utf8 { hasher.combine(byte) }
    }

    /// The string payload, or nil for other kinds.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer payload, or nil for other kinds.
    public var integerValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// Whether this is JSON null (a field cleared).
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short human form: strings bare, everything else as canonical JSON.
    public var displayText: String {
        switch self {
        case .string(let value): return value
        case .null: return ""
        default: return canonicalJSON
        }
    }
}

extension FieldValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FieldValue].self) {
            self = .list(value)
        } else if let value = try? container.decode([String: FieldValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "a field value must be null, a boolean, a 64-bit integer, a string, a list or an object")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
