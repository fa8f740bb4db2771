import GradSyncZlib

/// Decompresses one gzip member piece by piece from a source of compressed chunks, so a large body (a snapshot) is
/// read with bounded memory.
///
/// It refuses a member that ends early (`truncated`), corrupt data, and any byte after the member's end
/// (`trailingBytes`). Not `Sendable`: one task owns it.
public final class GzipInflater {
    // zlib keeps a pointer back to its stream and refuses one that moved, so the stream lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private let source: () throws -> [UInt8]?
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var sourceDone = false
    private var ended = false
    private var output = [UInt8](repeating: 0, count: 64 * 1024)

    /// Reads compressed bytes from `source`, which returns the next chunk, or nil at the end.
    public init(source: @escaping () throws -> [UInt8]?) throws(GzipError) {
        self.source = source
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw .failed("inflateInit2")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// The next piece of decompressed bytes (at most 64 KiB), or nil once the member has ended and nothing follows it.
    public func next() throws -> [UInt8]? {
        guard !ended else { return nil }
        while true {
            if inputOffset == input.count, !sourceDone {
                if let chunk = try source() {
                    input = chunk
                    inputOffset = 0
                    if chunk.isEmpty { continue }
                } else {
                    sourceDone = true
                }
            }
            let available = input.count - inputOffset
            let offset = inputOffset
            let (status, consumed, produced) = input.withUnsafeMutableBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    stream.pointee.next_in = available > 0 ? inBuffer.baseAddress! + offset : nil
                    stream.pointee.avail_in = UInt32(available)
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outBuffer.count)
                    let status = inflate(stream, Z_NO_FLUSH)
                    let consumed = available - Int(stream.pointee.avail_in)
                    stream.pointee.next_in = nil
                    return (status, consumed, outBuffer.count - Int(stream.pointee.avail_out))
                }
            }
            inputOffset += consumed
            switch status {
            case Z_STREAM_END:
                ended = true
                try checkNothingFollows()
                return produced > 0 ? Array(output[0..<produced]) : nil
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return Array(output[0..<produced]) }
                if consumed == 0 {
                    if inputOffset < input.count { throw GzipError.corrupt }
                    if sourceDone { throw GzipError.truncated }
                }
            default:
                throw GzipError.corrupt
            }
        }
    }

    /// Refuses bytes after the member: a second member or garbage is not part of what was written.
    private func checkNothingFollows() throws {
        if inputOffset < input.count { throw GzipError.trailingBytes }
        while !sourceDone {
            guard let chunk = try source() else { sourceDone = true; break }
            if !chunk.isEmpty { throw GzipError.trailingBytes }
        }
    }
}
