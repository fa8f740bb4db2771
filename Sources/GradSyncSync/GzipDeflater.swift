import GradSyncZlib

/// Compresses a stream of bytes into one gzip member piece by piece, so a large body (a snapshot) is never held whole.
///
/// Not `Sendable`: one task owns it, feeds it and finishes it.
public final class GzipDeflater {
    // zlib keeps a pointer back to its stream and refuses one that moved, so the stream lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private var finished = false
    private var output = [UInt8](repeating: 0, count: 64 * 1024)

    /// A deflater writing a gzip header (RFC 1952) at compression `level` (0 to 9).
    public init(level: Int32 = 6) throws(GzipError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw .failed("deflateInit2")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `bytes`, handing each piece of output to `sink`; with `finish`, also ends the gzip member.
    public func compress(_ bytes: [UInt8], finish: Bool = false, into sink: ([UInt8]) throws -> Void) throws {
        guard !finished else { throw GzipError.failed("deflate after the end of the stream") }
        var input = bytes
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        try input.withUnsafeMutableBufferPointer { inBuffer in
            stream.pointee.next_in = inBuffer.baseAddress
            stream.pointee.avail_in = UInt32(inBuffer.count)
            while true {
                let (status, produced) = output.withUnsafeMutableBufferPointer { outBuffer in
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outBuffer.count)
                    let status = deflate(stream, flush)
                    return (status, outBuffer.count - Int(stream.pointee.avail_out))
                }
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw GzipError.failed("deflate returned \(status)")
                }
                if produced > 0 { try sink(Array(output[0..<produced])) }
                if status == Z_STREAM_END { finished = true; break }
                // Without finishing, everything is taken once zlib leaves output room unused.
                if !finish, stream.pointee.avail_in == 0, produced < output.count { break }
            }
            stream.pointee.next_in = nil
        }
    }
}
