import GradSyncCore
import GradSyncStore

/// Why a wire message could not be turned into core values.
public struct WireFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable code: `bad_request`, `hash_mismatch` or `unsupported_protocol`.
    public var code: RefusalCode
    /// A sentence naming what was wrong.
    public var message: String

    public init(code: RefusalCode = .badRequest, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension WireChange {
    /// The wire form of a change, with its content hash (`contentHash` when the caller holds it, else computed).
    public init(_ change: Change, contentHash: String? = nil) {
        self.init(change, hash: contentHash ?? change.contentHash)
    }

    /// The wire form of a change for a digest page: without `hash`, which the page's `digest` covers.
    public init(hashless change: Change) {
        self.init(change, hash: nil)
    }

    init(_ change: Change, hash: String?) {
        origin = change.id.origin.hex
        scope = change.id.scope.name
        seq = change.id.seq
        hlc = "\(change.hlc.milliseconds).\(change.hlc.counter)"
        collection = change.collection
        key = change.key
        field = change.field
        value = change.value
        bases = change.bases.map(\.description)
        seen = change.seen.isEmpty ? nil : change.seen.map(\.description)
        author = change.author
        self.hash = hash
    }

    /// The change this message describes; refuses malformed ids, stamps and a hash that does not match.
    public func change() throws(WireFormatError) -> Change {
        try checkedChange().change
    }

    /// The change this message describes with its content hash, checked against the content.
    ///
    /// A change without `hash` (of a digest page) is not checked here: `WirePage.checked` checks the page's digest.
    public func checkedChange() throws(WireFormatError) -> (change: Change, contentHash: String) {
        guard let originID = ReplicaID(hex: origin) else { throw WireFormatError("change origin '\(origin.prefix(40))' is not 32 hex digits") }
        guard let scopeValue = try? Scope(scope) else { throw WireFormatError("change scope '\(scope.prefix(40))' is not a department code or 'shared'") }
        guard seq > 0, seq <= UInt64(Int64.max) else { throw WireFormatError("change seq must be between 1 and 2^63-1") }
        let parts = hlc.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let milliseconds = UInt64(parts[0]), milliseconds < (1 << 48), let counter = UInt16(parts[1]) else {
            throw WireFormatError("change hlc '\(hlc.prefix(40))' is not '<milliseconds>.<counter>'")
        }
        guard !collection.isEmpty, !key.isEmpty, !field.isEmpty, collection.utf8.count <= 64, key.utf8.count <= 256, field.utf8.count <= 128 else {
            throw WireFormatError("change collection, key and field must be non-empty (at most 64, 256 and 128 bytes)")
        }
        guard author.utf8.count <= 256 else { throw WireFormatError("change author is longer than 256 bytes") }
        guard value.nestingDepth <= FieldValue.maximumDepth else {
            throw WireFormatError("change value is nested deeper than \(FieldValue.maximumDepth) levels")
        }
        func ids(_ texts: [String], _ name: String) throws(WireFormatError) -> [ChangeID] {
            guard texts.count <= 1024 else { throw WireFormatError("change \(name) lists more than 1024 ids") }
            var result: [ChangeID] = []
            for text in texts {
                guard let id = ChangeID(parsing: text) else { throw WireFormatError("change \(name) entry '\(text.prefix(80))' is not origin/scope/seq") }
                result.append(id)
            }
            return result
        }
        let change = Change(
            id: ChangeID(origin: originID, scope: scopeValue, seq: seq), hlc: HLCTimestamp(milliseconds: milliseconds, counter: counter),
            collection: collection, key: key, field: field, value: value,
            bases: try ids(bases, "bases"), seen: try ids(seen ?? [], "seen"), author: author)
        let contentHash = change.contentHash
        guard hash.map({ contentHash == $0.lowercased() }) ?? true else {
            throw WireFormatError(code: .hashMismatch, "change \(change.id) does not match its content hash")
        }
        return (change, contentHash)
    }
}

extension ChangeBatch {
    /// The page's changes in wire form, with the hashes the store kept rather than new ones.
    public var wireChanges: [WireChange] {
        guard contentHashes.count == changes.count else { return changes.map { WireChange($0) } }
        return zip(changes, contentHashes).map { WireChange($0, contentHash: $1) }
    }

    /// The page as a digest page: changes without `hash`, and the digest of the hashes the store kept (computed
    /// afresh only when the store did not hand them over, or one is not a hash).
    public var wireDigestPage: (changes: [WireChange], digest: String) {
        let wire = changes.map { WireChange(hashless: $0) }
        if contentHashes.count == changes.count, let digest = PageDigest.of(contentHashes: contentHashes) {
            return (wire, digest)
        }
        return (wire, PageDigest.of(contentHashes: changes.map(\.contentHash))!)
    }
}

/// Checking a received page of changes (a pushed or pulled one) in either of its two forms.
public enum WirePage {
    /// The changes of a page with their content hashes, each computed once, and the page checked end to end:
    /// either every change carries `hash` (then `digest`, if present, must match too), or none does and `digest`
    /// is present. Changes are checked in page order and the first that fails decides; `scope` (when given) is
    /// asked of each change as it is read, and what it throws stands as that change's refusal. The digest is checked last.
    ///
    /// Refuses a mix of changes with and without `hash`, hashless changes without `digest` and a `digest` that is not
    /// 64 hex digits (`bad_request`), and a hash or digest that does not match (`hash_mismatch`).
    public static func checked(_ wire: [WireChange], digest: String?, scope: (Change) throws -> Void = { _ in }) throws
        -> (changes: [Change], contentHashes: [String]) {
        let hashed = wire.reduce(0) { $0 + ($1.hash == nil ? 0 : 1) }
        guard hashed == 0 || hashed == wire.count else {
            throw WireFormatError("\(hashed) of the page's \(wire.count) changes carry 'hash': a page's changes must all carry it, or none (with the page's 'digest')")
        }
        if hashed == 0, !wire.isEmpty, digest == nil {
            throw WireFormatError("the page's changes carry no 'hash' and the page no 'digest'; send one or the other")
        }
        if let digest, !PageDigest.isWellFormed(digest) {
            throw WireFormatError("the page's digest '\(digest.prefix(80))' is not 64 hex digits")
        }
        var changes: [Change] = []
        var hashes: [String] = []
        changes.reserveCapacity(wire.count)
        hashes.reserveCapacity(wire.count)
        for change in wire {
            let checked = try change.checkedChange()
            try scope(checked.change)
            changes.append(checked.change)
            hashes.append(checked.contentHash)
        }
        if let digest, PageDigest.of(contentHashes: hashes) != digest.lowercased() {
            throw WireFormatError(code: .hashMismatch, "the page's changes do not match its digest")
        }
        return (changes, hashes)
    }
}

extension ReplicaStore {
    /// The wire form of this replica's vector (within `filter`), each entry with the hash of its stream's tip.
    public func wireVector(filter: ReplicaScope?) async throws -> [WireVectorEntry] {
        let vector = try await versionVectorAsync(filter: filter)
        let tips = vector.entries.map { ChangeID(origin: $0.key.origin, scope: $0.key.scope, seq: $0.value) }
        let hashes = try await contentHashes(of: tips)
        return vector.wireEntries.map { entry in
            var entry = entry
            if let origin = ReplicaID(hex: entry.origin), let scope = try? Scope(entry.scope) {
                entry.hash = hashes[ChangeID(origin: origin, scope: scope, seq: entry.seq)]
            }
            return entry
        }
    }
}

/// The stream tips a wire vector names with their hashes, for fork detection.
public func wireTips(_ entries: [WireVectorEntry]) -> [ChangeID: String] {
    var tips: [ChangeID: String] = [:]
    for entry in entries {
        guard let hash = entry.hash, entry.seq > 0, let origin = ReplicaID(hex: entry.origin), let scope = try? Scope(entry.scope) else { continue }
        tips[ChangeID(origin: origin, scope: scope, seq: entry.seq)] = hash.lowercased()
    }
    return tips
}

extension VersionVector {
    /// The wire form, sorted by stream.
    public var wireEntries: [WireVectorEntry] {
        entries.sorted { $0.key < $1.key }.map { WireVectorEntry(origin: $0.key.origin.hex, scope: $0.key.scope.name, seq: $0.value) }
    }

    /// Reads a wire vector; refuses malformed streams.
    ///
    /// An entry's tip `hash` is not read here: it is taken as it comes (`wireTips`), so a malformed one for a tip the
    /// reader holds is a fork like any other wrong hash, and one where it is ignored (seq 0, a tip not held, a pull
    /// request) stops nothing (SPEC.md 3.5, 5.1).
    public init(wire entries: [WireVectorEntry]) throws(WireFormatError) {
        guard entries.count <= 100_000 else { throw WireFormatError("the vector has more than 100000 entries") }
        var vector = VersionVector()
        for entry in entries {
            guard let origin = ReplicaID(hex: entry.origin), let scope = try? Scope(entry.scope) else {
                throw WireFormatError("vector entry '\(entry.origin.prefix(40))/\(entry.scope.prefix(40))' is not a valid stream")
            }
            let stream = StreamKey(origin: origin, scope: scope)
            vector[stream] = max(vector[stream], entry.seq)
        }
        self = vector
    }
}

extension WireTip {
    /// The form checks of a push's tips (protocol/SPEC.md, section 6, step 4, and section 7): each well formed, at most one a stream,
    /// each at a seq within its stream's changes in the page — else `bad_request`.
    public static func checked(_ tips: [WireTip], of changes: [Change]) throws(WireFormatError) -> [SignedTip] {
        guard !tips.isEmpty else { return [] }
        var ranges: [StreamKey: ClosedRange<UInt64>] = [:]
        for change in changes {
            let key = change.id.stream
            let seq = change.id.seq
            ranges[key] = ranges[key].map { min($0.lowerBound, seq)...max($0.upperBound, seq) } ?? seq...seq
        }
        var checked: [SignedTip] = []
        var seen: Set<StreamKey> = []
        for (index, tip) in tips.enumerated() {
            func lowercaseHex(_ text: String, digits: Int) -> Bool {
                text.utf8.count == digits && text.utf8.allSatisfy(WireTip.isLowercaseHexDigit)
            }
            guard lowercaseHex(tip.origin, digits: 32), let origin = ReplicaID(hex: tip.origin) else {
                throw WireFormatError("tip \(index): origin must be 32 lowercase hex digits")
            }
            guard let scope = try? Scope(tip.scope) else {
                throw WireFormatError("tip \(index): scope '\(tip.scope.prefix(40))' is not a department code or 'shared'")
            }
            guard lowercaseHex(tip.chain, digits: 64), let chain = StreamChain(hex: tip.chain) else {
                throw WireFormatError("tip \(index): chain must be 64 lowercase hex digits")
            }
            guard lowercaseHex(tip.signature, digits: 128) else {
                throw WireFormatError("tip \(index): signature must be 128 lowercase hex digits (an Ed25519 signature)")
            }
            let stream = StreamKey(origin: origin, scope: scope)
            guard seen.insert(stream).inserted else {
                throw WireFormatError("tip \(index): the page holds another tip of the stream of \(origin) in scope '\(scope)'; a page carries one tip a stream at most")
            }
            guard let range = ranges[stream], range.contains(tip.seq) else {
                throw WireFormatError("tip \(index): seq \(tip.seq) of the stream of \(origin) in scope '\(scope)' is not within that stream's changes in the page")
            }
            checked.append(SignedTip(stream: stream, seq: tip.seq, chain: chain, signature: tip.signature))
        }
        return checked
    }

    static func isLowercaseHexDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) || (97...102).contains(byte) }

    /// A signed tip as it travels.
    public init(_ tip: SignedTip) {
        self.init(origin: tip.stream.origin.hex, scope: tip.stream.scope.name, seq: tip.seq, chain: tip.chain.description,
                  signature: tip.signature)
    }
}

extension WireOriginKey {
    /// The form checks of the keys served with a pulled page (protocol/SPEC.md, section 7): each `replica_id` 32
    /// lowercase hex digits, named once, each `public_key` an Ed25519 public key — else `bad_request`.
    public static func checked(_ keys: [WireOriginKey]) throws(WireFormatError) -> [ReplicaKeyBinding] {
        var seen: Set<String> = []
        var checked: [ReplicaKeyBinding] = []
        for (index, key) in keys.enumerated() {
            guard key.replicaID.utf8.count == 32, key.replicaID.utf8.allSatisfy(WireTip.isLowercaseHexDigit) else {
                throw WireFormatError("key \(index): replica_id must be 32 lowercase hex digits")
            }
            guard ReplicaKey.isPublicKey(key.publicKey) else {
                throw WireFormatError("key \(index): public_key must be 64 lowercase hex digits of an Ed25519 public key")
            }
            guard seen.insert(key.replicaID).inserted else {
                throw WireFormatError("key \(index): replica \(key.replicaID) is named twice")
            }
            checked.append(ReplicaKeyBinding(replicaID: key.replicaID, publicKey: key.publicKey, scope: key.scope ?? "", tokenID: "",
                                             tokenLabel: key.tokenLabel, boundAtMilliseconds: key.boundAtMilliseconds ?? 0,
                                             lastVerifiedMilliseconds: 0))
        }
        return checked
    }

    /// The key a node names for a tip's origin.
    public init(_ binding: ReplicaKeyBinding) {
        self.init(replicaID: binding.replicaID, publicKey: binding.publicKey, scope: binding.scope.isEmpty ? nil : binding.scope,
                  tokenLabel: binding.tokenLabel, boundAtMilliseconds: binding.boundAtMilliseconds == 0 ? nil : binding.boundAtMilliseconds)
    }
}
