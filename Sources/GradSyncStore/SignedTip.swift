import Crypto
import GradSyncCore

/// The running digest of a stream (protocol/SPEC.md, section 5.3): C₀ is 32 zero bytes and
/// Cₙ = SHA-256(Cₙ₋₁ ‖ the 32 raw bytes of the content hash of the stream's change of seq n).
///
/// Every replica holds each stream gap-free from seq 1, so any holder of seqs 1…n computes Cₙ itself; the digest
/// changes no change's canonical text or hash.
public struct StreamChain: Sendable, Equatable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    public private(set) var bytes: [UInt8]

    /// C₀: a stream holding nothing.
    public static let genesis = StreamChain(bytes: [UInt8](repeating: 0, count: 32))

    /// The digest whose 32 bytes these are.
    init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a chain digest is 32 bytes")
        self.bytes = bytes
    }

    /// The digest written as 64 hex digits (either case); nil for anything else.
    public init?(hex: String) {
        var raw = [UInt8](repeating: 0, count: 32)
        guard PageDigest.decode(hex, into: &raw) else { return nil }
        self.bytes = raw
    }

    /// Extends the chain by the change whose content hash is `contentHash` (64 hex digits); false, leaving the chain
    /// as it was, when the hash is not 64 hex digits.
    ///
    /// One SHA-256 of 64 bytes a change, on every receiver of a keyed stream's page: the input is put together in one
    /// buffer on the stack and the digest written back in place, with no allocation.
    @discardableResult
    public mutating func extend(contentHash: String) -> Bool {
        var hash = contentHash
        return hash.withUTF8 { digits -> Bool in
            guard digits.count == 64 else { return false }
            return withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { input -> Bool in
                bytes.withUnsafeBytes { input.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 32) }
                for index in 0..<32 {
                    guard let high = PageDigest.nibble(digits[2 * index]), let low = PageDigest.nibble(digits[2 * index + 1]) else { return false }
                    input[32 + index] = high << 4 | low
                }
                let digest = SHA256.hash(data: UnsafeRawBufferPointer(input))
                bytes.withUnsafeMutableBytes { out in digest.withUnsafeBytes { out.copyMemory(from: $0) } }
                return true
            }
        }
    }

    /// 64 lowercase hex digits.
    public var description: String { PageDigest.hex(bytes) }
}

/// A stream's tip signed by its origin's key (protocol/SPEC.md, section 5.3): proof that the origin wrote the stream
/// up to `seq`, whose chain digest is `chain`. A receiver that knows the origin's key accepts the stream's new changes
/// only up to such a tip.
public struct SignedTip: Sendable, Equatable {
    /// The stream.
    public var stream: StreamKey
    /// The seq the tip stands at.
    public var seq: UInt64
    /// The stream's chain digest at `seq`.
    public var chain: StreamChain
    /// The origin's Ed25519 signature of `signedText`, 128 lowercase hex digits.
    public var signature: String

    /// A tip as it came (check it with `verifies(publicKeyHex:)`).
    public init(stream: StreamKey, seq: UInt64, chain: StreamChain, signature: String) {
        self.stream = stream
        self.seq = seq
        self.chain = chain
        self.signature = signature
    }

    /// The tip at `seq` of `stream`, whose chain there is `chain`, signed with `key` (the origin's own).
    public init(signing stream: StreamKey, seq: UInt64, chain: StreamChain, with key: ReplicaKey) {
        self.init(stream: stream, seq: seq, chain: chain, signature: "")
        signature = key.sign(signedText)
    }

    /// The five lines the origin signs, joined by line feeds.
    public var signedText: String {
        Self.signedText(origin: stream.origin.hex, scope: stream.scope.name, seq: seq, chain: chain.description)
    }

    /// The signed text of a tip's members as written on the wire.
    public static func signedText(origin: String, scope: String, seq: UInt64, chain: String) -> String {
        "gradsync-stream-tip-v1\norigin \(origin)\nscope \(scope)\nseq \(seq)\nchain \(chain)"
    }

    /// Whether the signature verifies with the origin's public key (64 hex digits).
    public func verifies(publicKeyHex: String) -> Bool {
        ReplicaKey.verify(signatureHex: signature, of: signedText, publicKeyHex: publicKeyHex)
    }
}

/// What a receiver knows of the origins of a page it is about to apply: the origins whose keys it holds, and the
/// page's tips it has verified with them. A stream of a keyed origin takes new changes only up to its verified tip.
public struct OriginProofs: Sendable {
    /// Origins whose public keys the receiver holds.
    public var keyedOrigins: Set<ReplicaID>
    /// The page's tips whose signatures verified with their origin's key, one at most per stream.
    public var tips: [StreamKey: SignedTip]
    /// Whether a keyed stream's new changes that no tip proves are dropped (a node taking a push). A replica applying
    /// a page it pulled takes them, unverified, and checks every tip's chain, one at or below what it holds included
    /// (protocol/SPEC.md, section 7).
    public var dropsUnproven: Bool

    /// Proofs for a page.
    public init(keyedOrigins: Set<ReplicaID>, tips: [StreamKey: SignedTip], dropsUnproven: Bool = true) {
        self.keyedOrigins = keyedOrigins
        self.tips = tips
        self.dropsUnproven = dropsUnproven
    }
}
