import GradSyncCore

/// The canonical JSON of field values and changes written straight into UTF-8 bytes.
///
/// Byte for byte what `FieldValue.canonicalJSON` and `Change.canonicalText` produce (content hashes depend on it,
/// and the tests compare the two), without building a `String` one Unicode scalar at a time, which is what the
/// store and the wire spend most of their time on otherwise.
public enum CanonicalBytes {
    /// Appends the canonical JSON of `value`.
    public static func append(_ value: FieldValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): appendInteger(number, to: &out)
        case .string(let text): appendString(text, to: &out)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(members[key]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a decimal integer.
    public static func appendInteger<Number: BinaryInteger>(_ number: Number, to out: inout [UInt8]) {
        if let wide = Int64(exactly: number) {
            appendDecimal(wide, to: &out)
        } else {
            out.append(contentsOf: String(number).utf8)
        }
    }

    /// Appends a decimal `Int64` digit by digit: `String(number)` would allocate for the 18-digit clock stamps every
    /// change carries.
    static func appendDecimal(_ number: Int64, to out: inout [UInt8]) {
        if number < 0 { out.append(UInt8(ascii: "-")) }
        appendDecimal(unsigned: number.magnitude, to: &out)
    }

    static func appendDecimal(unsigned number: UInt64, to out: inout [UInt8]) {
        var magnitude = number
        // 20 digits hold any UInt64; written from the end, then appended in order.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Appends `text` as a JSON string, escaping only what JSON requires, as `FieldValue.writeString` does.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendStringBody(text, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `text` escaped as inside a JSON string, without the quotes.
    static func appendStringBody(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case 0x0A: out.append(contentsOf: #"\n"#.utf8)
                case 0x0D: out.append(contentsOf: #"\r"#.utf8)
                case 0x09: out.append(contentsOf: #"\t"#.utf8)
                case 0x08: out.append(contentsOf: #"\b"#.utf8)
                case 0x0C: out.append(contentsOf: #"\f"#.utf8)
                default:
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// The canonical JSON text of `value`: the same as `value.canonicalJSON`.
    public static func text(_ value: FieldValue) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `change.canonicalText`, from which its content hash is taken.
    public static func canonicalText(of change: Change) -> [UInt8] {
        canonicalText(of: change, valueBytes: nil)
    }

    /// The same, with the value's canonical JSON already written (`valueBytes`), so it is not written twice.
    static func canonicalText(of change: Change, valueBytes: [UInt8]?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        if let valueBytes {
            valueBytes.withUnsafeBufferPointer { appendCanonicalText(of: change, valueBytes: $0, to: &out) }
        } else {
            appendCanonicalText(of: change, valueBytes: nil, to: &out)
        }
        return out
    }

    /// Appends the bytes of `change.canonicalText` to `out` (a caller hashing many changes reuses one buffer), with the
    /// value's canonical JSON taken from `valueBytes` when given.
    static func appendCanonicalText(of change: Change, valueBytes: UnsafeBufferPointer<UInt8>?, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        appendString(change.id.origin.hex, to: &out)
        out.append(UInt8(ascii: ","))
        appendString(change.id.scope.name, to: &out)
        out.append(UInt8(ascii: ","))
        appendInteger(Int64(bitPattern: change.id.seq), to: &out)
        out.append(UInt8(ascii: ","))
        appendInteger(Int64(bitPattern: change.hlc.rawValue), to: &out)
        out.append(UInt8(ascii: ","))
        appendString(change.collection, to: &out)
        out.append(UInt8(ascii: ","))
        appendString(change.key, to: &out)
        out.append(UInt8(ascii: ","))
        appendString(change.field, to: &out)
        out.append(UInt8(ascii: ","))
        if let valueBytes { out.append(contentsOf: valueBytes) } else { append(change.value, to: &out) }
        out.append(UInt8(ascii: ","))
        appendIDs(change.bases, to: &out)
        out.append(UInt8(ascii: ","))
        appendIDs(change.seen, to: &out)
        out.append(UInt8(ascii: ","))
        appendString(change.author, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    /// Appends a list of change ids, each as the JSON string of its `description` (`origin/scope/seq`).
    static func appendIDs(_ ids: [ChangeID], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, id) in ids.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            // Neither a hex id nor a scope name holds a character JSON escapes, but both go through the escaper
            // anyway, so the text is the description's whatever they hold.
            out.append(UInt8(ascii: "\""))
            appendStringBody(id.origin.hex, to: &out)
            out.append(UInt8(ascii: "/"))
            appendStringBody(id.scope.name, to: &out)
            out.append(UInt8(ascii: "/"))
            appendDecimal(unsigned: id.seq, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
    }
}
