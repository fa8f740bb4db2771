import GradSyncCore
import GradSyncStore

/// Hand-written JSON for the two messages that carry changes (`PullResponse`, `PushRequest`): pages of
/// thousands of changes, where Foundation's coders cost more than the store does.
///
/// The writer emits what `JSONEncoder` with sorted keys would, up to insignificant bytes. The reader
/// accepts the common shape exactly as `JSONDecoder` would read it and gives up (`nil`) on anything
/// unusual — a fraction or exponent, a duplicate member, a nesting deeper than field values allow —
/// so the caller falls back to `JSONDecoder`, which then decides, with its own error messages.
public enum WireJSON {
    /// The JSON of a page of pulled changes.
    public static func encode(_ page: PullResponse) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(page.changes.count * 320 + 64)
        out.append(contentsOf: #"{"changes":"#.utf8)
        append(page.changes, to: &out)
        if let digest = page.digest {
            member("digest", &out)
            CanonicalBytes.appendString(digest, to: &out)
        }
        out.append(contentsOf: (#","has_more":"# + (page.hasMore ? "true" : "false")).utf8)
        if let keys = page.keys {
            out.append(contentsOf: #","keys":["#.utf8)
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "{"))
                if let bound = key.boundAtMilliseconds { out.append(contentsOf: #""bound_at_ms":\#(bound),"#.utf8) }
                out.append(contentsOf: #""public_key":"#.utf8)
                CanonicalBytes.appendString(key.publicKey, to: &out)
                member("replica_id", &out)
                CanonicalBytes.appendString(key.replicaID, to: &out)
                if let scope = key.scope {
                    member("scope", &out)
                    CanonicalBytes.appendString(scope, to: &out)
                }
                if let label = key.tokenLabel {
                    member("token_label", &out)
                    CanonicalBytes.appendString(label, to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(contentsOf: #","protocol":"#.utf8)
        CanonicalBytes.appendInteger(page.protocolVersion, to: &out)
        if let tips = page.tips { appendTips(tips, to: &out) }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The JSON of a page of pushed changes.
    public static func encode(_ request: PushRequest) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(request.changes.count * 320 + 96)
        out.append(contentsOf: #"{"changes":"#.utf8)
        append(request.changes, to: &out)
        if let digest = request.digest {
            member("digest", &out)
            CanonicalBytes.appendString(digest, to: &out)
        }
        out.append(contentsOf: #","protocol":"#.utf8)
        CanonicalBytes.appendInteger(request.protocolVersion, to: &out)
        out.append(contentsOf: #","replica_id":"#.utf8)
        CanonicalBytes.appendString(request.replicaID, to: &out)
        if let tips = request.tips { appendTips(tips, to: &out) }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// `,"tips":[…]`.
    static func appendTips(_ tips: [WireTip], to out: inout [UInt8]) {
        out.append(contentsOf: #","tips":["#.utf8)
        for (index, tip) in tips.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            member("chain", first: true, &out)
            CanonicalBytes.appendString(tip.chain, to: &out)
            member("origin", &out)
            CanonicalBytes.appendString(tip.origin, to: &out)
            member("scope", &out)
            CanonicalBytes.appendString(tip.scope, to: &out)
            member("seq", &out)
            out.append(contentsOf: String(tip.seq).utf8)
            member("signature", &out)
            CanonicalBytes.appendString(tip.signature, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    static func append(_ changes: [WireChange], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, change) in changes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            member("author", first: true, &out)
            CanonicalBytes.appendString(change.author, to: &out)
            member("bases", &out)
            appendStrings(change.bases, to: &out)
            member("collection", &out)
            CanonicalBytes.appendString(change.collection, to: &out)
            member("field", &out)
            CanonicalBytes.appendString(change.field, to: &out)
            if let hash = change.hash {
                member("hash", &out)
                CanonicalBytes.appendString(hash, to: &out)
            }
            member("hlc", &out)
            CanonicalBytes.appendString(change.hlc, to: &out)
            member("key", &out)
            CanonicalBytes.appendString(change.key, to: &out)
            member("origin", &out)
            CanonicalBytes.appendString(change.origin, to: &out)
            member("scope", &out)
            CanonicalBytes.appendString(change.scope, to: &out)
            if let seen = change.seen {
                member("seen", &out)
                appendStrings(seen, to: &out)
            }
            member("seq", &out)
            CanonicalBytes.appendInteger(change.seq, to: &out)
            member("value", &out)
            CanonicalBytes.append(change.value, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Opens an object member (`{"name":` for the first, `,"name":` after).
    static func member(_ name: StaticString, first: Bool = false, _ out: inout [UInt8]) {
        out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: #"":"#.utf8)
    }

    static func appendStrings(_ strings: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, text) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalBytes.appendString(text, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
