/// The decompressed bytes of a snapshot as a cursor: varints, texts and fixed runs, each refused with a clear error
/// when the content ends early or breaks its limit. Only the bytes not yet read are buffered.
final class SnapshotInput {
    private let inflater: GzipInflater
    private var buffer: [UInt8] = []
    private var position = 0
    private var bufferStart = 0

    init(inflater: GzipInflater) { self.inflater = inflater }

    /// The offset of the next byte within the decompressed content, for messages.
    var offset: Int { bufferStart + position }

    /// Makes at least `count` unread bytes available.
    private func fill(_ count: Int, what: @autoclosure () -> String) throws {
        guard buffer.count - position < count else { return }
        buffer.removeFirst(position)
        bufferStart += position
        position = 0
        while buffer.count < count {
            guard let piece = try nextPiece() else {
                throw SnapshotFormatError(.truncated, "the snapshot ends at byte \(offset + buffer.count) while reading \(what())")
            }
            buffer.append(contentsOf: piece)
        }
    }

    private func nextPiece() throws -> [UInt8]? {
        do {
            return try inflater.next()
        } catch let error as GzipError {
            switch error {
            case .truncated: throw SnapshotFormatError(.truncated, "the gzip stream ends before its end marker")
            case .trailingBytes: throw SnapshotFormatError(.trailingBytes, "bytes follow the end of the gzip stream")
            default: throw SnapshotFormatError(.corrupt, error.description)
            }
        }
    }

    /// Whether the content has ended here (and the gzip member with it).
    func atEnd() throws -> Bool {
        while position == buffer.count {
            guard let piece = try nextPiece() else { return true }
            buffer = piece
            bufferStart += position
            position = 0
        }
        return false
    }

    func byte(_ what: @autoclosure () -> String) throws -> UInt8 {
        if position == buffer.count { try fill(1, what: what()) }
        let byte = buffer[position]
        position += 1
        return byte
    }

    /// An unsigned LEB128 varint: at most 10 bytes, at most 2^64 − 1.
    func varint(_ what: @autoclosure () -> String) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while true {
            let byte = try self.byte(what())
            if shift == 63, byte > 1 {
                throw SnapshotFormatError(.badVarint, "the varint of \(what()) at byte \(start) is above 2^64 − 1 or longer than 10 bytes")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A varint that must be at most `limit`.
    func count(_ what: @autoclosure () -> String, limit: Int) throws -> Int {
        let start = offset
        let value = try varint(what())
        guard value <= UInt64(limit) else {
            throw SnapshotFormatError(.tooLarge, "\(what()) at byte \(start) is \(value), more than the limit of \(limit)")
        }
        return Int(value)
    }

    /// `count` bytes as they are.
    func bytes(_ count: Int, _ what: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        try fill(count, what: what())
        defer { position += count }
        return buffer[position..<position + count]
    }

    /// A text: a varint byte length of at most `limit`, then that many bytes of UTF-8.
    func text(_ what: @autoclosure () -> String, limit: Int) throws -> String {
        let length = try count("the length of \(what())", limit: limit)
        let start = offset
        guard let text = String(validating: try bytes(length, what()), as: UTF8.self) else {
            throw SnapshotFormatError(.malformed, "\(what()) at byte \(start) is not UTF-8")
        }
        return text
    }
}
