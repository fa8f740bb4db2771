import GradSyncCore

/// Reading pages of changes by hand; see `WireJSON`.
extension WireJSON {
    /// Reads a page of pulled changes, or nil when the body is not of the common shape (use `JSONDecoder`).
    public static func decodePullResponse(_ bytes: [UInt8]) -> PullResponse? {
        var reader = Reader(bytes: bytes)
        var changes: [WireChange]?
        var hasMore: Bool?
        var version: Int?
        var digest: String?
        var tips: [WireTip]?
        var keys: [WireOriginKey]?
        let complete = reader.readObject { reader, name in
            switch name {
            case "changes": guard changes == nil, let value = reader.readChanges() else { return false }; changes = value
            case "tips": guard tips == nil, let value = reader.readTips() else { return false }; tips = value
            case "keys": guard keys == nil, let value = reader.readOriginKeys() else { return false }; keys = value
            case "has_more": guard hasMore == nil, let value = reader.readBool() else { return false }; hasMore = value
            case "digest": guard digest == nil, let value = reader.readString() else { return false }; digest = value
            case "protocol": guard version == nil, let value = reader.readInteger().flatMap(Int.init(exactly:)) else { return false }; version = value
            default: return reader.skipValue()
            }
            return true
        }
        guard complete, reader.atEnd, let changes, let hasMore, let version else { return nil }
        return PullResponse(protocolVersion: version, changes: changes, hasMore: hasMore, digest: digest, tips: tips, keys: keys)
    }

    /// Reads a page of pushed changes, or nil when the body is not of the common shape (use `JSONDecoder`).
    public static func decodePushRequest(_ bytes: [UInt8]) -> PushRequest? {
        var reader = Reader(bytes: bytes)
        var changes: [WireChange]?
        var replicaID: String?
        var version: Int?
        var digest: String?
        var tips: [WireTip]?
        let complete = reader.readObject { reader, name in
            switch name {
            case "changes": guard changes == nil, let value = reader.readChanges() else { return false }; changes = value
            case "digest": guard digest == nil, let value = reader.readString() else { return false }; digest = value
            case "tips": guard tips == nil, let value = reader.readTips() else { return false }; tips = value
            case "replica_id": guard replicaID == nil, let value = reader.readString() else { return false }; replicaID = value
            case "protocol": guard version == nil, let value = reader.readInteger().flatMap(Int.init(exactly:)) else { return false }; version = value
            default: return reader.skipValue()
            }
            return true
        }
        guard complete, reader.atEnd, let changes, let replicaID, let version else { return nil }
        return PushRequest(protocolVersion: version, replicaID: replicaID, changes: changes, digest: digest, tips: tips)
    }

    /// A strict JSON reader over UTF-8 bytes; every method returns nil (or false) where it gives up.
    struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool {
            mutating get {
                skipWhitespace()
                return index == bytes.count
            }
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// Reads an object, handing each member's name to `member`, which reads the value; false on any failure.
        mutating func readObject(_ member: (inout Reader, String) -> Bool) -> Bool {
            guard consume(UInt8(ascii: "{")) else { return false }
            if consume(UInt8(ascii: "}")) { return true }
            while true {
                skipWhitespace()
                guard let name = readString(), consume(UInt8(ascii: ":")), member(&self, name) else { return false }
                if consume(UInt8(ascii: ",")) { continue }
                return consume(UInt8(ascii: "}"))
            }
        }

        /// Reads an array, calling `element` for each; false on any failure.
        mutating func readArray(_ element: (inout Reader) -> Bool) -> Bool {
            guard consume(UInt8(ascii: "[")) else { return false }
            if consume(UInt8(ascii: "]")) { return true }
            while true {
                guard element(&self) else { return false }
                if consume(UInt8(ascii: ",")) { continue }
                return consume(UInt8(ascii: "]"))
            }
        }

        mutating func readChanges() -> [WireChange]? {
            var changes: [WireChange] = []
            let complete = readArray { reader in
                guard let change = reader.readChange() else { return false }
                changes.append(change)
                return true
            }
            return complete ? changes : nil
        }

        mutating func readChange() -> WireChange? {
            var origin, scope, hlc, collection, key, field, author, hash: String?
            var seq: UInt64?
            var value: FieldValue?
            var bases: [String]?
            var seen: [String]??
            let complete = readObject { reader, name in
                func text(_ slot: inout String?) -> Bool { reader.readText(into: &slot) }
                switch name {
                case "origin": return text(&origin)
                case "scope": return text(&scope)
                case "hlc": return text(&hlc)
                case "collection": return text(&collection)
                case "key": return text(&key)
                case "field": return text(&field)
                case "author": return text(&author)
                case "hash": return text(&hash)
                case "seq":
                    guard seq == nil, let number = reader.readUnsigned() else { return false }
                    seq = number
                case "value":
                    guard value == nil, let parsed = reader.readValue(depth: 0) else { return false }
                    value = parsed
                case "bases":
                    guard bases == nil, let list = reader.readStrings() else { return false }
                    bases = list
                case "seen":
                    guard seen == nil else { return false }
                    if reader.readNull() { seen = .some(nil) } else {
                        guard let list = reader.readStrings() else { return false }
                        seen = .some(list)
                    }
                default: return reader.skipValue()
                }
                return true
            }
            // `hash` is absent from the changes of a digest page.
            guard complete, let origin, let scope, let seq, let hlc, let collection, let key, let field, let value, let bases,
                  let author else { return nil }
            return WireChange(origin: origin, scope: scope, seq: seq, hlc: hlc, collection: collection, key: key, field: field,
                              value: value, bases: bases, seen: seen ?? nil, author: author, hash: hash)
        }

        /// Reads an array of stream tips; nil when it is not one (`JSONDecoder` then says what is wrong).
        mutating func readTips() -> [WireTip]? {
            var tips: [WireTip] = []
            let complete = readArray { reader in
                var origin, scope, chain, signature: String?
                var seq: UInt64?
                let read = reader.readObject { reader, name in
                    func text(_ slot: inout String?) -> Bool { reader.readText(into: &slot) }
                    switch name {
                    case "origin": return text(&origin)
                    case "scope": return text(&scope)
                    case "chain": return text(&chain)
                    case "signature": return text(&signature)
                    case "seq":
                        guard seq == nil, let value = reader.readUnsigned() else { return false }
                        seq = value
                        return true
                    default: return reader.skipValue()
                    }
                }
                guard read, let origin, let scope, let seq, let chain, let signature else { return false }
                tips.append(WireTip(origin: origin, scope: scope, seq: seq, chain: chain, signature: signature))
                return true
            }
            return complete ? tips : nil
        }

        /// Reads an array of origin keys; nil when it is not one of the common shape (`JSONDecoder` then decides).
        mutating func readOriginKeys() -> [WireOriginKey]? {
            var keys: [WireOriginKey] = []
            let complete = readArray { reader in
                var replicaID, publicKey, scope, label: String?
                var bound: UInt64?
                let read = reader.readObject { reader, name in
                    func text(_ slot: inout String?) -> Bool { reader.readText(into: &slot) }
                    switch name {
                    case "replica_id": return text(&replicaID)
                    case "public_key": return text(&publicKey)
                    case "scope": return text(&scope)
                    case "token_label": return text(&label)
                    case "bound_at_ms":
                        guard bound == nil, let value = reader.readUnsigned() else { return false }
                        bound = value
                        return true
                    default: return reader.skipValue()
                    }
                }
                guard read, let replicaID, let publicKey else { return false }
                keys.append(WireOriginKey(replicaID: replicaID, publicKey: publicKey, scope: scope, tokenLabel: label, boundAtMilliseconds: bound))
                return true
            }
            return complete ? keys : nil
        }

        /// Reads a string into an empty slot; false when the slot is already filled (a member given twice) or the
        /// value is not a string.
        mutating func readText(into slot: inout String?) -> Bool {
            guard slot == nil, let value = readString() else { return false }
            slot = value
            return true
        }

        mutating func readStrings() -> [String]? {
            var strings: [String] = []
            let complete = readArray { reader in
                guard let text = reader.readString() else { return false }
                strings.append(text)
                return true
            }
            return complete ? strings : nil
        }

        mutating func readNull() -> Bool { readLiteral("null") }

        mutating func readBool() -> Bool? {
            if readLiteral("true") { return true }
            if readLiteral("false") { return false }
            return nil
        }

        mutating func readLiteral(_ literal: StaticString) -> Bool {
            skipWhitespace()
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let matches = literal.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
            }
            guard matches else { return false }
            // A literal must end where a token may end.
            if index + count < bytes.count, Self.isNameByte(bytes[index + count]) { return false }
            index += count
            return true
        }

        static func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+")
        }

        /// Digits only, no sign, no leading zero, no fraction or exponent.
        mutating func readUnsigned() -> UInt64? {
            skipWhitespace()
            let start = index
            var value: UInt64 = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] - 48))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
                index += 1
            }
            guard index > start, !(bytes[start] == 48 && index - start > 1) else { return nil }
            if index < bytes.count, Self.isNameByte(bytes[index]) { return nil }
            return value
        }

        mutating func readInteger() -> Int64? {
            skipWhitespace()
            let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57, let magnitude = readUnsigned() else { return nil }
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
                return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
            }
            return Int64(exactly: magnitude)
        }

        mutating func readValue(depth: Int) -> FieldValue? {
            guard depth <= FieldValue.maximumDepth else { return nil }
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "n"): return readNull() ? .null : nil
            case UInt8(ascii: "t"), UInt8(ascii: "f"): return readBool().map(FieldValue.bool)
            case UInt8(ascii: "\""): return readString().map(FieldValue.string)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return readInteger().map(FieldValue.integer)
            case UInt8(ascii: "["):
                var items: [FieldValue] = []
                let complete = readArray { reader in
                    guard let item = reader.readValue(depth: depth + 1) else { return false }
                    items.append(item)
                    return true
                }
                return complete ? .list(items) : nil
            case UInt8(ascii: "{"):
                var members: [String: FieldValue] = [:]
                let complete = readObject { reader, name in
                    guard members[name] == nil, let item = reader.readValue(depth: depth + 1) else { return false }
                    members[name] = item
                    return true
                }
                return complete ? .object(members) : nil
            default: return nil
            }
        }

        /// A string; nil on a malformed escape, a control character or invalid UTF-8.
        mutating func readString() -> String? {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            // The common case: no escapes, so the bytes are the string.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = bytes.withUnsafeBufferPointer { String(validating: UnsafeBufferPointer(rebasing: $0[start..<index]), as: UTF8.self) }
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { return nil }
                index += 1
            }
            index = start - 1
            return readEscapedString()
        }

        mutating func readEscapedString() -> String? {
            index += 1
            var scalars: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return String(validating: scalars, as: UTF8.self) }
                if byte < 0x20 { return nil }
                guard byte == UInt8(ascii: "\\") else { scalars.append(byte); continue }
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    guard var code = readHex4() else { return nil }
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                        index += 2
                        guard let low = readHex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: return nil
                }
            }
            return nil
        }

        mutating func readHex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[index + offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 48
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 87
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 55
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }

        /// Skips a member value this reader does not need (JSONDecoder ignores unknown members too).
        mutating func skipValue() -> Bool { readGeneric(depth: 0) }

        mutating func readGeneric(depth: Int) -> Bool {
            guard depth <= 64 else { return false }
            skipWhitespace()
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""): return readString() != nil
            case UInt8(ascii: "["): return readArray { $0.readGeneric(depth: depth + 1) }
            case UInt8(ascii: "{"): return readObject { reader, _ in reader.readGeneric(depth: depth + 1) }
            case UInt8(ascii: "n"): return readNull()
            case UInt8(ascii: "t"), UInt8(ascii: "f"): return readBool() != nil
            default: return readInteger() != nil
            }
        }
    }
}
