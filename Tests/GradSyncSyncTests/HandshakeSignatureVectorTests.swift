import Foundation
import GradSyncStore
import GradSyncSync
import Testing

/// The vectors of `protocol/vectors/handshake/`: the signed text, its signature and the key's fingerprint, as the
/// real code makes and checks them (`protocol/tools/handshake_signature.py` checks the same files from the spec).
@Suite struct HandshakeSignatureVectorTests {
    struct Case: Decodable {
        struct Expected: Decodable {
            var text: String
            var vectorDigest: String
            var fingerprint: String
            enum CodingKeys: String, CodingKey { case text, vectorDigest = "vector_digest", fingerprint }
        }
        var privateKeySeed: String
        var tokenID: String
        var request: HandshakeRequest
        var expected: Expected
        enum CodingKeys: String, CodingKey { case privateKeySeed = "private_key_seed", tokenID = "token_id", request, expected }
    }

    static let files: [String] = (try? ProtocolFolder.jsonFiles(in: "vectors/handshake").map(\.lastPathComponent)) ?? []

    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    @Test func thereAreVectors() { #expect(Self.files.count >= 2) }

    @Test(arguments: files) func theVectorIsWhatTheCodeSignsAndVerifies(file: String) throws {
        let data = try Data(contentsOf: ProtocolFolder.file("vectors/handshake/\(file)"))
        let vector = try JSONDecoder().decode(Case.self, from: data)
        let publicKey = try #require(vector.request.publicKey)
        let signature = try #require(vector.request.signature)
        let text = HandshakeSignature.text(vector.request, publicKey: publicKey, tokenID: vector.tokenID)
        #expect(text == vector.expected.text)
        #expect(HandshakeSignature.vectorDigest(vector.request.vector) == vector.expected.vectorDigest)
        #expect(ReplicaKey.fingerprint(publicKeyHex: publicKey) == vector.expected.fingerprint)
        #expect(ReplicaKey.verify(signatureHex: signature, of: text, publicKeyHex: publicKey))
        // The seed's key is the request's, and signing again gives the same signature (Ed25519 is deterministic).
        let key = try #require(ReplicaKey(privateBytes: Self.bytes(vector.privateKeySeed)))
        #expect(key.publicKeyHex == publicKey)
        var resigned = vector.request
        HandshakeSignature.sign(&resigned, with: key, tokenID: vector.tokenID)
        #expect(resigned == vector.request)
        // Any member changed, the signature no longer verifies.
        var other = vector.request
        other.clockMilliseconds += 1
        #expect(!ReplicaKey.verify(signatureHex: signature, of: HandshakeSignature.text(other, publicKey: publicKey, tokenID: vector.tokenID),
                                   publicKeyHex: publicKey))
        #expect(!ReplicaKey.verify(signatureHex: signature, of: HandshakeSignature.text(vector.request, publicKey: publicKey, tokenID: "ffffffffffffffff"),
                                   publicKeyHex: publicKey))
    }

    /// `protocol/tools/handshake_signature.py` (written from the spec alone) run on `files`; its output and status.
    static func pythonTool(_ files: [String]) throws -> (output: String, status: Int32) {
        try ProtocolFolder.runTool("handshake_signature.py", files)
    }

    @Test func thePythonToolChecksTheVectorsAndNoticesATamperedOne() throws {
        let paths = Self.files.map { "protocol/vectors/handshake/\($0)" }
        let (output, status) = try Self.pythonTool(paths)
        #expect(status == 0, "\(output)")
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == paths.count, "\(output)")
        // The signatures themselves are checked (scripts/test.sh installs the cryptography package), not only the texts.
        #expect(!output.contains("texts only"), "the tool checked the texts only: install python3-cryptography\n\(output)")

        // A signed member changed after signing: the text no longer matches, nor (with the cryptography package) the signature.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("handshake-vector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try String(contentsOf: ProtocolFolder.file(paths[0].replacingOccurrences(of: "protocol/", with: "")), encoding: .utf8)
        let tampered = original.replacingOccurrences(of: "\"clock_ms\": 1780272062300", with: "\"clock_ms\": 1780272062301")
        #expect(tampered != original)
        let copy = directory.appendingPathComponent("tampered.json")
        try Data(tampered.utf8).write(to: copy)
        let (refused, refusedStatus) = try Self.pythonTool([copy.path])
        #expect(refusedStatus == 1 && refused.contains("the canonical text differs"), "\(refused)")

        // A hash that is not 64 hex digits would let two vectors share one signed text: the tool refuses it.
        let malformed = original.replacing(#/"hash": "[0-9a-f]{64}"/#, with: #""hash": "-""#)
        #expect(malformed != original)
        let malformedCopy = directory.appendingPathComponent("malformed-hash.json")
        try Data(malformed.utf8).write(to: malformedCopy)
        let (malformedOutput, malformedStatus) = try Self.pythonTool([malformedCopy.path])
        #expect(malformedStatus == 1 && malformedOutput.contains("64 hex digits or absent"), "\(malformedOutput)")
    }
}
