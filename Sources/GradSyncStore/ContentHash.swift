import Crypto
import GradSyncCore

extension Change {
    /// The SHA-256 of the change's canonical text, as 64 lowercase hex digits.
    ///
    /// Carried with every change so a forked stream (same id, other content) is caught.
    public var contentHash: String {
        let digest = SHA256.hash(data: CanonicalBytes.canonicalText(of: self))
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(Self.hexDigits[Int(byte >> 4)])
            hex.append(Self.hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
