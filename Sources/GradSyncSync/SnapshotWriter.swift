import Crypto
import GradSyncCore
import GradSyncStore

/// Writes a snapshot (protocol/SPEC.md, "Snapshot bootstrap") change by change into gzip pieces handed to a sink, so
/// a scope of any size is written with bounded memory.
///
/// ```swift
/// let writer = try SnapshotWriter(header: header) { piece in try file.write(contentsOf: piece) }
/// for (change, hash) in log { try writer.append(change, contentHash: hash) }
/// try writer.finish()
/// ```
/// Not `Sendable`: one task owns it.
public final class SnapshotWriter {
    /// The header written first.
    public let header: SnapshotHeader
    private let deflater: GzipDeflater
    private let sink: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []
    private var digest = SHA256()
    private var written: UInt64 = 0
    private var origins: [ReplicaID: UInt64] = [:]
    private var scopes: [String: UInt64] = [:]
    private var collections: [String: UInt64] = [:]
    private var fields: [String: UInt64] = [:]
    private var authors: [String: UInt64] = [:]
    private var hashBytes = [UInt8](repeating: 0, count: 32)
    /// Pieces of about this size are compressed at a time.
    private static let flushBytes = 256 * 1024

    /// Starts a snapshot with `header`; `sink` receives the compressed bytes in order.
    public init(header: SnapshotHeader, level: Int32 = 6, sink: @escaping ([UInt8]) throws -> Void) throws {
        self.header = header
        self.sink = sink
        deflater = try GzipDeflater(level: level)
        buffer.append(contentsOf: SnapshotFormat.headerMagic)
        appendVarint(SnapshotFormat.version)
        appendText(header.sharedScope.description)
        appendVarint(UInt64(header.streams.count))
        for stream in header.streams {
            try appendOriginBytes(stream.stream.origin)
            appendText(stream.stream.scope.name)
            appendVarint(stream.seq)
            try appendHash(stream.tipHash)
        }
        appendVarint(header.changeCount)
    }

    /// Appends the next change, in storage order, with its content hash (64 hex digits) and, when the caller has it
    /// (the store keeps it), its value's canonical JSON.
    public func append(_ change: Change, valueText: String? = nil, contentHash: String) throws {
        try append(id: change.id, hlc: change.hlc, collection: change.collection, key: change.key, field: change.field,
                   valueText: valueText ?? CanonicalBytes.text(change.value), bases: change.bases, seen: change.seen,
                   author: change.author, contentHash: contentHash)
    }

    /// Appends the next change as the log holds it, its value as canonical JSON.
    public func append(_ entry: ScopeLogEntry) throws {
        try append(id: entry.id, hlc: entry.hlc, collection: entry.collection, key: entry.key, field: entry.field,
                   valueText: entry.valueText, bases: entry.bases, seen: entry.seen, author: entry.author,
                   contentHash: entry.contentHash)
    }

    private func append(id: ChangeID, hlc: HLCTimestamp, collection: String, key: String, field: String, valueText: String,
                        bases: [ChangeID], seen: [ChangeID], author: String, contentHash: String) throws {
        guard written < header.changeCount else {
            throw SnapshotFormatError(.tooLarge, "more changes appended than the header's \(header.changeCount)")
        }
        try appendOrigin(id.origin)
        appendReference(id.scope.name, in: &scopes)
        appendVarint(id.seq)
        appendVarint(hlc.rawValue)
        appendReference(collection, in: &collections)
        appendText(key)
        appendReference(field, in: &fields)
        appendText(valueText)
        for ids in [bases, seen] {
            appendVarint(UInt64(ids.count))
            for id in ids {
                try appendOrigin(id.origin)
                appendReference(id.scope.name, in: &scopes)
                appendVarint(id.seq)
            }
        }
        appendReference(author, in: &authors)
        try appendHash(contentHash)
        digest.update(data: hashBytes)
        written += 1
        if buffer.count >= Self.flushBytes { try flush(finish: false) }
    }

    /// Writes the trailer and ends the gzip member; refuses a count other than the header's.
    public func finish() throws {
        guard written == header.changeCount else {
            throw SnapshotFormatError(.trailerMismatch, "\(written) changes appended but the header says \(header.changeCount)")
        }
        buffer.append(contentsOf: SnapshotFormat.trailerMagic)
        appendVarint(written)
        buffer.append(contentsOf: digest.finalize())
        try flush(finish: true)
    }

    private func flush(finish: Bool) throws {
        try deflater.compress(buffer, finish: finish, into: sink)
        buffer.removeAll(keepingCapacity: true)
    }

    private func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.append(UInt8(value))
    }

    private func appendText(_ text: String) {
        appendVarint(UInt64(text.utf8.count))
        buffer.append(contentsOf: text.utf8)
    }

    /// A table reference: the 1-based index of a text written before, or 0 and the text, which becomes the next entry.
    private func appendReference(_ text: String, in table: inout [String: UInt64]) {
        if let index = table[text] {
            appendVarint(index)
        } else {
            appendVarint(0)
            appendText(text)
            table[text] = UInt64(table.count + 1)
        }
    }

    private func appendOrigin(_ origin: ReplicaID) throws {
        if let index = origins[origin] {
            appendVarint(index)
        } else {
            appendVarint(0)
            try appendOriginBytes(origin)
            origins[origin] = UInt64(origins.count + 1)
        }
    }

    private func appendOriginBytes(_ origin: ReplicaID) throws {
        guard Self.decodeHex(origin.hex, into: &hashBytes, count: 16) else {
            throw SnapshotFormatError(.malformed, "replica id \(origin) is not 32 hex digits")
        }
        buffer.append(contentsOf: hashBytes[0..<16])
    }

    private func appendHash(_ hex: String) throws {
        guard Self.decodeHex(hex, into: &hashBytes, count: 32) else {
            throw SnapshotFormatError(.malformed, "content hash '\(hex.prefix(70))' is not 64 hex digits")
        }
        buffer.append(contentsOf: hashBytes)
    }

    /// Decodes `count` bytes from `2 × count` hex digits of either case.
    static func decodeHex(_ hex: String, into bytes: inout [UInt8], count: Int) -> Bool {
        // Read in place through a table: a copy of the digits per change, and a branch per digit, cost the node's
        // snapshot build as much as its SQL.
        var hex = hex
        return hex.withUTF8 { digits in
            guard digits.count == 2 * count else { return false }
            return bytes.withUnsafeMutableBufferPointer { output in
                var invalid: UInt8 = 0
                for index in 0..<count {
                    let high = hexValues[Int(digits[2 * index])], low = hexValues[Int(digits[2 * index + 1])]
                    invalid |= high | low
                    output[index] = high << 4 | (low & 0x0F)
                }
                return invalid & 0xF0 == 0
            }
        }
    }

    /// Each byte's value as a hex digit of either case, 0xFF for a byte that is not one.
    private static let hexValues: [UInt8] = (0...255).map { nibble(UInt8($0)) ?? 0xFF }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        case 65...70: byte - 55
        default: nil
        }
    }
}
