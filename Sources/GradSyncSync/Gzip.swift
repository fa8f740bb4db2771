import GradSyncZlib

/// gzip compression of HTTP bodies (RFC 1952), through the system zlib.
public enum Gzip {
    /// Whether `bytes` starts with the gzip magic number.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Compresses `bytes` into a gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .failed("deflateInit2")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        var input = bytes
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw .failed("deflate returned \(status)") }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    /// Decompresses a gzip member, refusing output larger than `limit` bytes (a zip bomb guard).
    public static func decompress(_ bytes: [UInt8], limit: Int) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .failed("inflateInit2")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = bytes
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inBuffer: inout UnsafeMutableBufferPointer<UInt8>) throws(GzipError) in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = UInt32(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuffer.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else { throw .corrupt }
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= limit else { throw .tooLarge(limit: limit) }
                if status == Z_OK, produced == 0, stream.avail_in == 0 { throw .corrupt }
            } while status != Z_STREAM_END
        }
        return output
    }
}

/// Why a gzip body could not be handled.
public enum GzipError: Error, Equatable, Sendable, CustomStringConvertible {
    case failed(String)
    case corrupt
    case tooLarge(limit: Int)
    case truncated
    case trailingBytes

    public var description: String {
        switch self {
        case .failed(let step): return "compression failed (\(step))"
        case .corrupt: return "the gzip body is corrupt or truncated"
        case .tooLarge(let limit): return "the body decompresses to more than \(limit) bytes"
        case .truncated: return "the gzip stream ends before its end marker (truncated)"
        case .trailingBytes: return "bytes follow the end of the gzip stream"
        }
    }
}
