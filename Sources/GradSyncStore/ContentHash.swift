import Crypto
import GradSyncCore

extension Change {
    /// The SHA-256 of the change's canonical text, as 64 lowercase hex digits.
    ///
    /// Carried with every change so a forked stream (same id, other content) is caught.
    public var contentHash: String {
        let digest = SHA256.hash(data: Array(canonicalText.utf8))
        return digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
