import Crypto
import Foundation

/// A replica's Ed25519 key pair: made with the replica, kept in its database (mode 0600) beside the replica id it
/// belongs to, carried by its backups, and replaced together with the id when a backup is restored.
///
/// The public key proves, at a sync handshake, that the client holds the replica's private key (protocol/SPEC.md,
/// section 5.2). It travels as 64 lowercase hex digits of the raw 32-byte key.
public struct ReplicaKey: Sendable, Equatable {
    /// The 32-byte private key (Ed25519 seed).
    let privateBytes: [UInt8]
    /// The raw 32-byte public key as 64 lowercase hex digits.
    public let publicKeyHex: String

    /// The key whose 32 raw private bytes these are; nil when they are not a key.
    public init?(privateBytes: [UInt8]) {
        guard privateBytes.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: privateBytes) else { return nil }
        self.privateBytes = privateBytes
        self.publicKeyHex = TokenRegistry.hex(key.publicKey.rawRepresentation)
    }

    /// A new random key.
    public static func generate() -> ReplicaKey {
        ReplicaKey(privateBytes: Array(Curve25519.Signing.PrivateKey().rawRepresentation))!
    }

    /// A short name of the public key for people: the first 16 bytes of its SHA-256, as hex in groups of four digits.
    public var fingerprint: String { Self.fingerprint(publicKeyHex: publicKeyHex) ?? "" }

    /// The fingerprint of a public key given as 64 hex digits; nil when it is not one.
    public static func fingerprint(publicKeyHex: String) -> String? {
        guard let raw = bytes(hex: publicKeyHex), raw.count == 32 else { return nil }
        let digits = Array(TokenRegistry.hex(SHA256.hash(data: raw)).prefix(32))
        return stride(from: 0, to: digits.count, by: 4).map { String(digits[$0..<$0 + 4]) }.joined(separator: ":")
    }

    /// The Ed25519 signature of `message`'s UTF-8 bytes, as 128 lowercase hex digits.
    public func sign(_ message: String) -> String {
        let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: privateBytes)
        return TokenRegistry.hex(try! key.signature(for: Array(message.utf8)))
    }

    /// Whether `signatureHex` (128 hex digits) is a valid Ed25519 signature of `message` by `publicKeyHex` (64 hex digits).
    public static func verify(signatureHex: String, of message: String, publicKeyHex: String) -> Bool {
        guard let raw = bytes(hex: publicKeyHex), raw.count == 32, let signature = bytes(hex: signatureHex), signature.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: Array(message.utf8))
    }

    /// Whether `text` is a public key as the wire carries one: 64 lowercase hex digits of a valid Ed25519 point.
    public static func isPublicKey(_ text: String) -> Bool {
        guard text == text.lowercased(), let raw = bytes(hex: text), raw.count == 32 else { return false }
        return (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
    }

    /// The bytes of an even number of hex digits; nil for anything else.
    static func bytes(hex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 48...57: return digit - 48
            case 97...102: return digit - 87
            case 65...70: return digit - 55
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }
}
