import Crypto
import GradSyncStore

/// The text a client replica signs with its key at the handshake (protocol/SPEC.md, section 5.2).
///
/// It binds the signature to the replica id, the scope, the key, the token the request is sent with (its public id),
/// the client's clock and what the request says it holds, so a signature proves possession of the key for this
/// request only: another replica id, another token, another vector or a clock outside the node's window all fail.
public enum HandshakeSignature {
    /// The first line of the text, naming what is signed.
    public static let context = "gradsync-handshake-signature-v1"

    /// The canonical text: lines joined by `\n`, no trailing newline. Every member as the request carries it.
    public static func text(_ request: HandshakeRequest, publicKey: String, tokenID: String) -> String {
        [
            context,
            "protocol \(request.protocolVersion)",
            "replica_id \(request.replicaID)",
            "scope \(request.scope)",
            "public_key \(publicKey)",
            "token_id \(tokenID)",
            "clock_ms \(request.clockMilliseconds)",
            "vector \(vectorDigest(request.vector))",
        ].joined(separator: "\n")
    }

    /// SHA-256 (lowercase hex) of the vector's entries in the order sent, one line each, `origin scope seq hash`
    /// (`-` for an entry without a hash), joined by `\n`; the digest of no entries is that of the empty string.
    public static func vectorDigest(_ vector: [WireVectorEntry]) -> String {
        let lines = vector.map { "\($0.origin) \($0.scope) \($0.seq) \($0.hash ?? "-")" }.joined(separator: "\n")
        return SHA256.hash(data: Array(lines.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }

    /// The token id of a bearer token `gs1.<id>.<secret>`, or "" for a token not of that form (the node refuses it).
    public static func tokenID(ofBearer token: String) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "gs1" ? String(parts[1]) : ""
    }

    /// Signs `request` with `key`: sets its `public_key` and `signature`.
    public static func sign(_ request: inout HandshakeRequest, with key: ReplicaKey, tokenID: String) {
        request.publicKey = key.publicKeyHex
        request.signature = key.sign(text(request, publicKey: key.publicKeyHex, tokenID: tokenID))
    }
}
