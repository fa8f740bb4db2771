import Crypto
import Foundation
import GradSyncCore
import GradSyncStore

/// Reads a snapshot (protocol/SPEC.md, "Snapshot bootstrap") change by change with bounded memory, checking as it
/// goes everything the format promises: each change's content hash (unless the caller checks them itself, e.g. on
/// several cores), that each stream runs from 1 without gaps up to the header's seq and ends on the header's tip
/// hash, and the trailer's count and digest. `next()` returns nil only once all of that held and nothing followed.
///
/// ```swift
/// let reader = try SnapshotReader(contentsOfFile: path)
/// while let entry = try reader.next() { … entry.change, entry.valueText, entry.contentHash … }
/// ```
/// Not `Sendable`: one task owns it.
public final class SnapshotReader {
    /// What the snapshot covers, read on opening.
    public let header: SnapshotHeader
    /// The changes read so far.
    public private(set) var changesRead: UInt64 = 0
    private let input: SnapshotInput
    private let verifyContentHashes: Bool
    private var origins: [ReplicaID] = []
    private var scopes: [Scope] = []
    private var collections: [String] = []
    private var fields: [String] = []
    private var authors: [String] = []
    /// Each stream of the header: its tip seq and hash, and the seq read last.
    private var streams: [(seq: UInt64, tip: [UInt8], reached: UInt64)] = []
    private var positions = StreamPositions()
    private var digest = SHA256()
    private var finished = false

    /// Opens a snapshot whose compressed bytes `source` returns chunk by chunk (nil at the end), reading its header.
    ///
    /// With `verifyContentHashes` false, the caller must compare each entry's change with its `contentHash` itself.
    public init(verifyContentHashes: Bool = true, source: @escaping () throws -> [UInt8]?) throws {
        self.verifyContentHashes = verifyContentHashes
        input = SnapshotInput(inflater: try GzipInflater(source: source))
        header = try Self.readHeader(input)
        for stream in header.streams {
            guard positions.add(stream.stream) else {
                throw SnapshotFormatError(.malformed, "the header lists stream \(stream.stream) twice")
            }
            var tip = [UInt8](repeating: 0, count: 32)
            _ = SnapshotWriter.decodeHex(stream.tipHash, into: &tip, count: 32)
            streams.append((stream.seq, tip, 0))
        }
    }

    /// Opens the snapshot file at `path`, reading it 256 KiB at a time.
    public convenience init(contentsOfFile path: String, verifyContentHashes: Bool = true) throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        try self.init(verifyContentHashes: verifyContentHashes) {
            guard let data = try handle.read(upToCount: 256 * 1024), !data.isEmpty else {
                try? handle.close()
                return nil
            }
            return [UInt8](data)
        }
    }

    private static func readHeader(_ input: SnapshotInput) throws -> SnapshotHeader {
        let magic = try input.bytes(4, "the header magic")
        guard magic.elementsEqual(SnapshotFormat.headerMagic) else {
            throw SnapshotFormatError(.badMagic, "the content does not begin with 'GSSN': not a GradSync snapshot")
        }
        let version = try input.varint("the format version")
        guard version == SnapshotFormat.version else {
            throw SnapshotFormatError(.unsupportedVersion,
                                      "format version \(version) is not supported; this reader reads version \(SnapshotFormat.version)")
        }
        let scopeText = try input.text("the shared scope", limit: SnapshotFormat.maxScopeBytes)
        guard let sharedScope = try? ReplicaScope(parsing: scopeText) else {
            throw SnapshotFormatError(.malformed, "the shared scope '\(scopeText)' is not '*', 'shared' or a department code")
        }
        let streamCount = try input.count("the number of streams", limit: SnapshotFormat.maxVectorEntries)
        var streams: [SnapshotStream] = []
        for index in 0..<streamCount {
            let origin = try originBytes(input, "the origin of stream \(index)")
            let scope = try scopeNamed(try input.text("the scope of stream \(index)", limit: SnapshotFormat.maxScopeBytes))
            let seq = try seqValue(try input.varint("the seq of stream \(index)"), "stream \(index)")
            let tip = PageDigestHex.hex(try input.bytes(32, "the tip hash of stream \(index)"))
            guard sharedScope.holds(scope) else {
                throw SnapshotFormatError(.malformed, "stream \(origin)/\(scope) is outside the snapshot's scope '\(sharedScope)'")
            }
            streams.append(SnapshotStream(stream: StreamKey(origin: origin, scope: scope), seq: seq, tipHash: tip))
        }
        let count = try input.varint("the change count")
        let total = streams.reduce(UInt64(0)) { $0.addingReportingOverflow($1.seq).partialValue }
        guard count == total else {
            throw SnapshotFormatError(.streamMismatch, "the header counts \(count) changes but its streams hold \(total)")
        }
        return SnapshotHeader(sharedScope: sharedScope, streams: streams, changeCount: count)
    }

    /// The next change, or nil once the trailer has been read and checked and nothing follows it.
    public func next() throws -> SnapshotEntry? {
        guard !finished else { return nil }
        guard changesRead < header.changeCount else {
            try readTrailer()
            return nil
        }
        let number = changesRead + 1
        let origin = try reference("the origin of change \(number)", in: &origins) { try Self.originBytes(input, "an origin") }
        let scope = try reference("the scope of change \(number)", in: &scopes) {
            try Self.scopeNamed(try input.text("a scope", limit: SnapshotFormat.maxScopeBytes))
        }
        let seq = try Self.seqValue(try input.varint("the seq of change \(number)"), "change \(number)")
        let id = ChangeID(origin: origin, scope: scope, seq: seq)
        let hlc = HLCTimestamp(rawValue: try input.varint("the stamp of change \(id)"))
        let collection = try reference("the collection of change \(id)", in: &collections) {
            try nonEmpty(try input.text("a collection", limit: SnapshotFormat.maxCollectionBytes), "a collection")
        }
        let key = try nonEmpty(try input.text("the key of change \(id)", limit: SnapshotFormat.maxKeyBytes), "the key of change \(id)")
        let field = try reference("the field of change \(id)", in: &fields) {
            try nonEmpty(try input.text("a field", limit: SnapshotFormat.maxFieldBytes), "a field")
        }
        let valueText = try input.text("the value of change \(id)", limit: SnapshotFormat.maxValueBytes)
        let bases = try ids("bases", of: id)
        let seen = try ids("seen", of: id)
        let author = try reference("the author of change \(id)", in: &authors) {
            try input.text("an author", limit: SnapshotFormat.maxAuthorBytes)
        }
        let carried = Array(try input.bytes(32, "the content hash of change \(id)"))
        let value: FieldValue
        do { value = try FieldValue(parsingJSON: valueText) } catch {
            throw SnapshotFormatError(.malformed, "the value of change \(id) is not a JSON value: \(error)")
        }
        var canonical: [UInt8] = []
        CanonicalBytes.append(value, to: &canonical)
        guard canonical.elementsEqual(valueText.utf8) else {
            throw SnapshotFormatError(.malformed, "the value of change \(id) is not in canonical JSON")
        }
        let change = Change(id: id, hlc: hlc, collection: collection, key: key, field: field, value: value,
                            bases: bases, seen: seen, author: author)
        if verifyContentHashes, !SHA256.hash(data: CanonicalBytes.canonicalText(of: change)).elementsEqual(carried) {
            throw SnapshotFormatError(.hashMismatch, "change \(id) does not match its content hash")
        }
        try checkStream(id, hash: carried)
        digest.update(data: carried)
        changesRead = number
        return SnapshotEntry(change: change, valueText: valueText, contentHash: PageDigestHex.hex(carried))
    }

    /// Each stream runs from 1 without a gap, within the header's vector, and ends on the header's tip.
    private func checkStream(_ id: ChangeID, hash: [UInt8]) throws {
        // Every stream the header lists lies in the shared scope (checked as the header was read).
        guard let index = positions.position(of: id.stream) else {
            throw SnapshotFormatError(.streamMismatch, "change \(id) is of a stream the header does not list")
        }
        let stream = streams[index]
        guard id.seq == stream.reached + 1, id.seq <= stream.seq else {
            throw SnapshotFormatError(.streamMismatch, "change \(id) follows seq \(stream.reached) of its stream, which the header ends at \(stream.seq)")
        }
        if id.seq == stream.seq, hash != stream.tip {
            throw SnapshotFormatError(.streamMismatch, "change \(id) has a hash other than the header's tip of its stream")
        }
        streams[index].reached = id.seq
    }

    private func readTrailer() throws {
        let magic = try input.bytes(4, "the trailer magic")
        guard magic.elementsEqual(SnapshotFormat.trailerMagic) else {
            throw SnapshotFormatError(.trailerMismatch, "no trailer 'GSSE' after the header's \(header.changeCount) changes")
        }
        let count = try input.varint("the trailer's count")
        guard count == changesRead else {
            throw SnapshotFormatError(.trailerMismatch, "the trailer counts \(count) changes but \(changesRead) were read")
        }
        let carried = try input.bytes(32, "the trailer's digest")
        guard digest.finalize().elementsEqual(carried) else {
            throw SnapshotFormatError(.trailerMismatch, "the trailer's digest does not match the content hashes of the changes read")
        }
        guard try input.atEnd() else {
            throw SnapshotFormatError(.trailingBytes, "bytes follow the trailer at byte \(input.offset)")
        }
        finished = true
    }

    private func ids(_ name: String, of id: ChangeID) throws -> [ChangeID] {
        let count = try input.count("the number of \(name) of change \(id)", limit: SnapshotFormat.maxIDs)
        var result: [ChangeID] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let origin = try reference("an origin in the \(name) of change \(id)", in: &origins) { try Self.originBytes(input, "an origin") }
            let scope = try reference("a scope in the \(name) of change \(id)", in: &scopes) {
                try Self.scopeNamed(try input.text("a scope", limit: SnapshotFormat.maxScopeBytes))
            }
            let seq = try Self.seqValue(try input.varint("a seq in the \(name) of change \(id)"), "the \(name) of change \(id)")
            result.append(ChangeID(origin: origin, scope: scope, seq: seq))
        }
        return result
    }

    /// A table reference: 0 defines the next entry (read by `literal`), n ≥ 1 names entry n.
    private func reference<Entry>(_ what: @autoclosure () -> String, in table: inout [Entry], literal: () throws -> Entry) throws -> Entry {
        let index = try input.varint(what())
        if index == 0 {
            guard table.count < SnapshotFormat.maxTableEntries else {
                throw SnapshotFormatError(.tooLarge, "a table grows past \(SnapshotFormat.maxTableEntries) entries at \(what())")
            }
            let entry = try literal()
            table.append(entry)
            return entry
        }
        guard index <= UInt64(table.count) else {
            throw SnapshotFormatError(.badReference, "\(what()) names entry \(index) of a table of \(table.count)")
        }
        return table[Int(index - 1)]
    }

    private static func originBytes(_ input: SnapshotInput, _ what: String) throws -> ReplicaID {
        ReplicaID(hex: PageDigestHex.hex(try input.bytes(16, what)))!
    }

    private static func scopeNamed(_ name: String) throws -> Scope {
        do { return try Scope(name) } catch {
            throw SnapshotFormatError(.malformed, "scope '\(name)' is not a department code or 'shared'")
        }
    }

    // The descriptions are autoclosures: built per change, they cost as much as decoding it.
    private static func seqValue(_ seq: UInt64, _ whose: @autoclosure () -> String) throws -> UInt64 {
        guard seq >= 1, seq <= UInt64(Int64.max) else {
            throw SnapshotFormatError(.malformed, "the seq \(seq) of \(whose()) is not in 1 … 2^63 − 1")
        }
        return seq
    }

    private func nonEmpty(_ text: String, _ what: @autoclosure () -> String) throws -> String {
        guard !text.isEmpty else { throw SnapshotFormatError(.malformed, "\(what()) is empty") }
        return text
    }
}

/// Lowercase hex of raw bytes (hashes and replica ids).
enum PageDigestHex {
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
