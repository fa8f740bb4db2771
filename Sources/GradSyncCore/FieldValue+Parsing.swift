/// A strict JSON reader for field values, free of Foundation so the Core stays pure.
extension FieldValue {
    /// Parses one JSON value (RFC 8259); numbers must be integers that fit 64 bits.
    public init(parsingJSON text: String) throws(FieldValueParseError) {
        // Most stored values are a string with nothing escaped or a plain integer: read without the general parser
        // (a record page decodes a value per field and per change); anything else, or anything it would refuse,
        // goes to the parser.
        if let plain = Self.plainValue(text) {
            self = plain
            return
        }
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipWhitespace()
        self = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.failure("trailing characters after the value") }
    }

    /// `text` read as the parser reads it when it is `"…"` holding no escape, quote or control character, or an
    /// integer in 64 bits without leading zeros; nil for anything else.
    static func plainValue(_ text: String) -> FieldValue? {
        let utf8 = text.utf8
        guard let first = utf8.first else { return nil }
        if first == UInt8(ascii: "\"") {
            // Sliced by bytes, not characters: a combining mark after the opening quote joins its character.
            let inner = utf8.dropFirst().dropLast()
            guard utf8.count >= 2, utf8.last == UInt8(ascii: "\""),
                  !inner.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
                  let string = String(inner) else {
                return nil
            }
            return .string(string)
        }
        let digits = first == UInt8(ascii: "-") ? utf8.dropFirst() : utf8[...]
        guard let lead = digits.first, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              lead != UInt8(ascii: "0") || digits.count == 1, let value = Int64(text) else { return nil }
        return .integer(value)
    }

    /// How deeply lists and objects may nest before a value is refused.
    public static let maximumDepth = 64

    /// How deeply lists and objects nest, counted as the parser counts it: 0 for a scalar or an empty list or
    /// object, else one more than the deepest member. Values deeper than `maximumDepth` cannot be read back, so
    /// they must be refused before they are stored (a JSONDecoder reads far deeper).
    public var nestingDepth: Int {
        switch self {
        case .list(let items): return items.isEmpty ? 0 : 1 + items.map(\.nestingDepth).max()!
        case .object(let members): return members.isEmpty ? 0 : 1 + members.values.map(\.nestingDepth).max()!
        default: return 0
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func failure(_ reason: String) -> FieldValueParseError {
            FieldValueParseError(offset: index, reason: reason)
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ literal: String, _ value: FieldValue) throws(FieldValueParseError) -> FieldValue {
            let expected = Array(literal.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw failure("expected \(literal)")
            }
            index += expected.count
            return value
        }

        mutating func parseValue(depth: Int) throws(FieldValueParseError) -> FieldValue {
            guard depth <= FieldValue.maximumDepth else { throw failure("nested deeper than \(FieldValue.maximumDepth) levels") }
            guard index < bytes.count else { throw failure("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "n"): return try expect("null", .null)
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "["):
                index += 1
                var items: [FieldValue] = []
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .list(items) }
                while true {
                    skipWhitespace()
                    items.append(try parseValue(depth: depth + 1))
                    skipWhitespace()
                    guard index < bytes.count else { throw failure("unterminated list") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .list(items) }
                    throw failure("expected ',' or ']' in a list")
                }
            case UInt8(ascii: "{"):
                index += 1
                var members: [String: FieldValue] = [:]
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
                    let name = try parseString()
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
                    index += 1
                    skipWhitespace()
                    guard members[name] == nil else { throw failure("duplicate member name") }
                    members[name] = try parseValue(depth: depth + 1)
                    skipWhitespace()
                    guard index < bytes.count else { throw failure("unterminated object") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                    throw failure("expected ',' or '}' in an object")
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .integer(try parseInteger())
            default:
                throw failure("unexpected character")
            }
        }

        mutating func parseInteger() throws(FieldValueParseError) -> Int64 {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digitsStart = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            guard index > digitsStart else { throw failure("expected digits") }
            if bytes[digitsStart] == 48, index - digitsStart > 1 { throw failure("leading zeros are not allowed") }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
                throw failure("only whole numbers are allowed")
            }
            guard let value = Int64(String(decoding: bytes[start..<index], as: UTF8.self)) else {
                throw failure("number does not fit in 64 bits")
            }
            return value
        }

        mutating func parseHex4() throws(FieldValueParseError) -> UInt32 {
            guard index + 4 <= bytes.count,
                  let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw failure("bad \\u escape")
            }
            index += 4
            return value
        }

        mutating func parseString() throws(FieldValueParseError) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var runStart = index
            func flush(_ end: Int) throws(FieldValueParseError) {
                guard end > runStart else { return }
                guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
                    throw FieldValueParseError(offset: runStart, reason: "invalid UTF-8")
                }
                scalars.append(contentsOf: text.unicodeScalars)
            }
            while true {
                guard index < bytes.count else { throw failure("unterminated string") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    try flush(index)
                    index += 1
                    return String(scalars)
                }
                if byte < 0x20 { throw failure("control character in a string") }
                if byte != UInt8(ascii: "\\") { index += 1; continue }
                try flush(index)
                index += 1
                guard index < bytes.count else { throw failure("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw failure("unpaired surrogate")
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw failure("unpaired surrogate") }
                    scalars.append(scalar)
                default:
                    throw failure("unknown escape")
                }
                runStart = index
            }
        }
    }
}

/// Why a JSON field value could not be read.
public struct FieldValueParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte offset where reading stopped.
    public var offset: Int
    /// What was wrong there.
    public var reason: String

    public var description: String { "invalid JSON value at byte \(offset): \(reason)" }
}
