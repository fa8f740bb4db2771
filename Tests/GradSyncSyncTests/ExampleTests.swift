import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import Testing

/// The example messages of `protocol/examples/`: made by the real types, and readable by them.
///
/// Run with `GRADSYNC_WRITE_EXAMPLES=1` to rewrite the files after a deliberate change to the messages.
@Suite struct ExampleTests {
    static let files: [String] = (try? ProtocolFolder.jsonFiles(in: "examples").map(\.lastPathComponent)) ?? []

    @Test func committedExamplesAreWhatTheCodeProduces() async throws {
        let examples = try await ExampleMessages()
        let writing = ProcessInfo.processInfo.environment["GRADSYNC_WRITE_EXAMPLES"] == "1"
        for (name, message) in examples.files {
            let url = ProtocolFolder.file("examples/\(name)")
            let produced = try ExampleMessages.encoder.encode(message)
            if writing {
                // Foundation prints an empty array as "[\n\n  ]"; write it as "[]".
                let text = String(decoding: produced, as: UTF8.self).replacing(/\[\n\s*\n\s*\]/, with: "[]")
                try Data((text + "\n").utf8).write(to: url)
                continue
            }
            let committed = try Data(contentsOf: url)
            #expect(try ProtocolFolder.jsonValue(committed) == ProtocolFolder.jsonValue(produced), "\(name) differs from what the code produces")
        }
        #expect(Set(Self.files) == Set(examples.files.map(\.name)), "examples/ holds files the generator does not make, or lacks some")
    }

    @Test(arguments: files) func exampleDecodesAndReencodesToTheSameJSON(file: String) throws {
        let data = try Data(contentsOf: ProtocolFolder.file("examples/\(file)"))
        let reencoded: Data
        switch file {
        case let name where name.hasPrefix("handshake-request"):
            reencoded = try Self.roundTrip(HandshakeRequest.self, data)
            let request = try JSONDecoder().decode(HandshakeRequest.self, from: data)
            #expect((request.publicKey != nil) == name.hasSuffix("-signed.json") && (request.signature != nil) == (request.publicKey != nil))
            if let key = request.publicKey, let signature = request.signature {
                #expect(ReplicaKey.verify(signatureHex: signature, of: HandshakeSignature.text(request, publicKey: key, tokenID: "0f3c9a1e5b7d2c48"),
                                          publicKeyHex: key), "the signed example's signature verifies for the token it names")
            }
        case let name where name.hasPrefix("handshake-response"): reencoded = try Self.roundTrip(HandshakeResponse.self, data)
        case let name where name.hasPrefix("pull-request"): reencoded = try Self.roundTrip(PullRequest.self, data)
        case let name where name.hasPrefix("pull-response"):
            reencoded = try Self.roundTrip(PullResponse.self, data)
            let page = try JSONDecoder().decode(PullResponse.self, from: data)
            #expect(page.changes.allSatisfy { $0.hash == nil } == (page.digest != nil))
            let (changes, _) = try WirePage.checked(page.changes, digest: page.digest)
            #expect(WireJSON.decodePullResponse(Array(data)) == page)
            #expect(try ProtocolFolder.jsonValue(Data(WireJSON.encode(page))) == ProtocolFolder.jsonValue(data),
                    "the hand encoder writes \(name) as JSONEncoder does")
            // A page with tips: each is well formed, within its stream's changes, and signed by the key named for its origin.
            let tips = try WireTip.checked(page.tips ?? [], of: changes)
            let keys = Dictionary(uniqueKeysWithValues: try WireOriginKey.checked(page.keys ?? []).map { ($0.replicaID, $0.publicKey) })
            #expect(name.hasSuffix("-tips.json") == !tips.isEmpty)
            for tip in tips { #expect(tip.verifies(publicKeyHex: try #require(keys[tip.stream.origin.hex])), "\(name): tip of \(tip.stream)") }
        case let name where name.hasPrefix("push-request"):
            reencoded = try Self.roundTrip(PushRequest.self, data)
            let page = try JSONDecoder().decode(PushRequest.self, from: data)
            #expect(page.changes.allSatisfy { $0.hash == nil } == name.hasSuffix("-digest.json"))
            _ = try WirePage.checked(page.changes, digest: page.digest)
            #expect(WireJSON.decodePushRequest(Array(data)) == page)
        case "push-response.json": reencoded = try Self.roundTrip(PushResponse.self, data)
        case "snapshot-request.json": reencoded = try Self.roundTrip(SnapshotRequest.self, data)
        case let name where name.hasPrefix("error-"):
            reencoded = try Self.roundTrip(WireError.self, data)
            let body = try JSONDecoder().decode(WireError.self, from: data)
            #expect(name == "error-\(body.error.code).json")
        default:
            Issue.record("\(file) is not a known message; name it after the message it shows")
            return
        }
        #expect(try ProtocolFolder.jsonValue(data) == ProtocolFolder.jsonValue(reencoded))
    }

    static func roundTrip<Message: Codable>(_ type: Message.Type, _ data: Data) throws -> Data {
        try JSONEncoder().encode(try JSONDecoder().decode(Message.self, from: data))
    }
}
