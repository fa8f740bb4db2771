import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The character encodings rosters and exports use: UTF-8, or GB18030 (a superset of GBK) from Chinese Windows.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// GB18030, which also reads GBK and GB2312.
    case gb18030

    /// Decodes `data`, dropping a UTF-8 byte-order mark; nil when the bytes are not valid in this encoding.
    ///
    /// GB18030 goes through the C library's `iconv`, since Foundation on Linux cannot decode it.
    public func decode(_ data: Data) -> String? {
        switch self {
        case .utf8:
            var bytes = [UInt8](data)
            if bytes.starts(with: TextEncoding.byteOrderMark) { bytes.removeFirst(3) }
            return TextEncoding.validUTF8(bytes)
        case .gb18030:
            return TextEncoding.convert([UInt8](data), from: "GB18030", to: "UTF-8").flatMap(TextEncoding.validUTF8)
        }
    }

    /// Encodes `text`; nil only if the C library lacks a GB18030 converter (GB18030 covers all of Unicode).
    public func encode(_ text: String) -> Data? {
        switch self {
        case .utf8: return Data(text.utf8)
        case .gb18030: return TextEncoding.convert(Array(text.utf8), from: "UTF-8", to: "GB18030").map { Data($0) }
        }
    }

    /// Picks the encoding of a file: UTF-8 when it has a BOM or is valid UTF-8, else GB18030.
    public static func detect(_ data: Data) -> TextEncoding {
        if data.starts(with: byteOrderMark) { return .utf8 }
        return validUTF8([UInt8](data)) == nil ? .gb18030 : .utf8
    }

    /// The UTF-8 byte-order mark, which Excel writes and reads to recognise UTF-8.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The text of `bytes`, or nil when they are not valid UTF-8.
    ///
    /// Decoding replaces each invalid sequence, so the bytes are valid exactly when they survive the
    /// round trip (`String(validating:)` would need macOS 15, above the package's platform).
    static func validUTF8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    /// Converts bytes between two encodings with `iconv`; nil on any invalid or incomplete input.
    static func convert(_ input: [UInt8], from source: String, to target: String) -> [UInt8]? {
        let converter = iconv_open(target, source)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var inputBytes = input.map { CChar(bitPattern: $0) }
        var output: [UInt8] = []
        var buffer = [CChar](repeating: 0, count: max(64, input.count * 4))
        var failed = false
        inputBytes.withUnsafeMutableBufferPointer { inBuffer in
            var inPointer = inBuffer.baseAddress
            var inLeft = inBuffer.count
            while inLeft > 0, !failed {
                buffer.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer = outBuffer.baseAddress
                    var outLeft = outBuffer.count
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    let written = outBuffer.count - outLeft
                    output += outBuffer[0..<written].map { UInt8(bitPattern: $0) }
                    // E2BIG only means the output buffer filled up: drain it and go on.
                    if result == -1, errno != E2BIG { failed = true }
                }
            }
        }
        return failed ? nil : output
    }
}
