import Crypto
import GradSyncCore

extension Change {
    /// The SHA-256 of the change's canonical text, as 64 lowercase hex digits.
    ///
    /// Carried with every change so a forked stream (same id, other content) is caught.
    public var contentHash: String {
        PageDigest.hex(SHA256.hash(data: CanonicalBytes.canonicalText(of: self)))
    }
}

/// The digest of a page of changes: one SHA-256 over the 32 raw bytes of each change's content hash, in page
/// order, so a page can be checked end to end without carrying every change's hash (protocol/SPEC.md, 3.4).
public enum PageDigest {
    /// The digest of the content hashes `hashes` (each 64 hex digits, either case), as 64 lowercase hex digits;
    /// nil when one of them is not 64 hex digits. An empty page's digest is the SHA-256 of empty input.
    public static func of(contentHashes hashes: some Sequence<String>) -> String? {
        var hasher = SHA256()
        var raw = [UInt8](repeating: 0, count: 32)
        for hash in hashes {
            guard decode(hash, into: &raw) else { return nil }
            hasher.update(data: raw)
        }
        return hex(hasher.finalize())
    }

    /// Whether `text` is 64 hex digits (either case), the form of a content hash or a digest.
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { nibble($0) != nil }
    }

    static func decode(_ hash: String, into raw: inout [UInt8]) -> Bool {
        var utf8 = hash.utf8.makeIterator()
        for index in 0..<32 {
            guard let high = utf8.next().flatMap(nibble), let low = utf8.next().flatMap(nibble) else { return false }
            raw[index] = high << 4 | low
        }
        return utf8.next() == nil
    }

    static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
