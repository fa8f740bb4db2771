import Foundation
import GradSyncCore
import GradSyncStore
@testable import GradSyncSync
import Testing

/// Digest pages: changes without `hash`, one `digest` a page (protocol/SPEC.md, 3.4 "Page digest").
@Suite struct PageDigestTests {
    /// The changes of a vector, as core values.
    static func vectorChanges(_ file: String) throws -> [Change] {
        try VectorTests.load(file).changes.map { try $0.change() }
    }

    static func digestPage(_ changes: [Change]) -> (changes: [WireChange], digest: String) {
        ChangeBatch(changes: changes, hasMore: false, contentHashes: changes.map(\.contentHash)).wireDigestPage
    }

    @Test func emptyPageDigestIsTheHashOfNothing() {
        #expect(PageDigest.of(contentHashes: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func digestCoversTheRawHashesInPageOrder() throws {
        let changes = try Self.vectorChanges("02-concurrent-edits.json")
        let hashes = changes.map(\.contentHash)
        let digest = try #require(PageDigest.of(contentHashes: hashes))
        #expect(PageDigest.of(contentHashes: hashes.map { $0.uppercased() }) == digest, "hashes are read in either case")
        #expect(PageDigest.of(contentHashes: hashes.reversed()) != digest, "the order counts")
        #expect(PageDigest.of(contentHashes: hashes.dropLast()) != digest)
        #expect(PageDigest.of(contentHashes: ["not a hash"]) == nil)
        #expect(PageDigest.of(contentHashes: [hashes[0] + "00"]) == nil)
    }

    @Test func batchDigestPageUsesTheStoredHashesAndCarriesNone() throws {
        let changes = try Self.vectorChanges("01-sequential-edits.json")
        let batch = ChangeBatch(changes: changes, hasMore: true, contentHashes: changes.map(\.contentHash))
        let page = batch.wireDigestPage
        #expect(page.changes.allSatisfy { $0.hash == nil })
        #expect(page.digest == PageDigest.of(contentHashes: changes.map(\.contentHash)))
        // Without stored hashes (or with a broken one) the digest is computed from the changes.
        #expect(ChangeBatch(changes: changes, hasMore: true).wireDigestPage.digest == page.digest)
        var broken = batch
        broken.contentHashes[0] = "?"
        #expect(broken.wireDigestPage.digest == page.digest)
    }

    @Test func digestPagesRoundTripThroughTheHandWrittenCodec() throws {
        let changes = try Self.vectorChanges("06-delete-while-edited.json")
        let page = Self.digestPage(changes)
        let pull = PullResponse(protocolVersion: 1, changes: page.changes, hasMore: true, digest: page.digest)
        let pullBytes = WireJSON.encode(pull)
        let pullText = String(decoding: pullBytes, as: UTF8.self)
        #expect(!pullText.contains(#""hash""#))
        #expect(pullText.contains(#""digest":"\#(page.digest)""#))
        #expect(WireJSON.decodePullResponse(pullBytes) == pull)
        #expect(try JSONDecoder().decode(PullResponse.self, from: Data(pullBytes)) == pull)

        let push = PushRequest(replicaID: String(repeating: "12", count: 16), changes: page.changes, digest: page.digest)
        let pushBytes = WireJSON.encode(push)
        #expect(!String(decoding: pushBytes, as: UTF8.self).contains(#""hash""#))
        #expect(WireJSON.decodePushRequest(pushBytes) == push)
        #expect(try JSONDecoder().decode(PushRequest.self, from: Data(pushBytes)) == push)
        // What Foundation writes (sorted keys, as the node's other answers) is read alike.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(WireJSON.decodePushRequest(Array(try encoder.encode(push))) == push)

        let checked = try WirePage.checked(try #require(WireJSON.decodePullResponse(pullBytes)).changes, digest: page.digest)
        #expect(checked.changes == changes)
        #expect(checked.contentHashes == changes.map(\.contentHash))
    }

    @Test func pagesWithoutDigestStayAsTheyWere() throws {
        let changes = try Self.vectorChanges("01-sequential-edits.json")
        let pull = PullResponse(protocolVersion: 1, changes: changes.map { WireChange($0) }, hasMore: false)
        let text = String(decoding: WireJSON.encode(pull), as: UTF8.self)
        #expect(!text.contains(#""digest""#))
        #expect(text.components(separatedBy: #""hash":"#).count == changes.count + 1)
        #expect(try JSONDecoder().decode(PullResponse.self, from: Data(text.utf8)).digest == nil)
    }

    /// The refusals of `WirePage.checked`, by code.
    static func refusal(_ wire: [WireChange], digest: String?) -> String? {
        do {
            _ = try WirePage.checked(wire, digest: digest)
            return nil
        } catch let error as WireFormatError {
            return error.code.rawValue
        } catch {
            return "\(error)"
        }
    }

    @Test func bothFormsAreCheckedAndEveryMalformedPageRefused() throws {
        let changes = try Self.vectorChanges("02-concurrent-edits.json")
        let page = Self.digestPage(changes)
        let hashed = changes.map { WireChange($0) }
        #expect(Self.refusal(page.changes, digest: page.digest) == nil)
        #expect(Self.refusal(page.changes, digest: page.digest.uppercased()) == nil, "digests are read in either case")
        #expect(Self.refusal(hashed, digest: nil) == nil)
        #expect(Self.refusal(hashed, digest: page.digest) == nil, "a hashed page may carry its digest too")
        #expect(Self.refusal([], digest: nil) == nil)
        #expect(Self.refusal([], digest: PageDigest.of(contentHashes: [])) == nil)

        let wrong = String(page.digest.reversed())
        #expect(Self.refusal(page.changes, digest: wrong) == "hash_mismatch")
        #expect(Self.refusal(hashed, digest: wrong) == "hash_mismatch", "a digest present must match, even beside hashes")
        #expect(Self.refusal(Array(page.changes.reversed()), digest: page.digest) == "hash_mismatch", "order is covered")
        #expect(Self.refusal(Array(page.changes.dropLast()), digest: page.digest) == "hash_mismatch")
        #expect(Self.refusal([], digest: page.digest) == "hash_mismatch")
        var tampered = page.changes
        tampered[1].value = .string("edited in transit")
        #expect(Self.refusal(tampered, digest: page.digest) == "hash_mismatch")

        #expect(Self.refusal(page.changes, digest: nil) == "bad_request", "hashless changes need the page's digest")
        var mixed = page.changes
        mixed[0] = hashed[0]
        #expect(Self.refusal(mixed, digest: page.digest) == "bad_request", "all changes carry hash, or none")
        #expect(Self.refusal(page.changes, digest: String(page.digest.dropLast())) == "bad_request")
        #expect(Self.refusal(page.changes, digest: String(repeating: "g", count: 64)) == "bad_request")
        #expect(Self.refusal(page.changes, digest: "") == "bad_request")
    }

    @Test func scopeIsAskedOfEachChangeInPageOrder() throws {
        struct Refused: Error {}
        let changes = try Self.vectorChanges("01-sequential-edits.json")
        let page = Self.digestPage(changes)
        var asked: [ChangeID] = []
        #expect(throws: Refused.self) {
            try WirePage.checked(page.changes, digest: page.digest) { change in
                asked.append(change.id)
                if asked.count == 2 { throw Refused() }
            }
        }
        #expect(asked == changes.prefix(2).map(\.id))
    }

    /// `protocol/tools/change_hash.py` (written from the spec alone) run with `arguments`; its output and status.
    static func pythonTool(_ arguments: [String]) throws -> (output: String, status: Int32) {
        try ProtocolFolder.runTool("change_hash.py", arguments)
    }

    @Test(arguments: ["02-concurrent-edits.json", "04-resolution-closes-conflict.json", "10-unicode-normalisation.json"])
    func digestIsWhatThePythonToolComputesFromTheSpec(file: String) throws {
        let path = "protocol/vectors/\(file)"
        let (output, status) = try Self.pythonTool(["--digest", path])
        #expect(status == 0)
        let expected = try #require(PageDigest.of(contentHashes: try Self.vectorChanges(file).map(\.contentHash)))
        #expect(output == "\(expected)  \(path)\n")
    }

    @Test func thePythonToolChecksTheDigestExamplesAndTheVectors() throws {
        let examples = try ProtocolFolder.jsonFiles(in: "examples").map(\.lastPathComponent)
            .filter { $0.hasPrefix("pull-response") || $0.hasPrefix("push-request") }
        #expect(examples.contains("pull-response-digest.json") && examples.contains("push-request-digest.json"))
        let vectors = try ProtocolFolder.jsonFiles(in: "vectors").map { "protocol/vectors/\($0.lastPathComponent)" }
        let (output, status) = try Self.pythonTool(["--check"] + vectors + examples.map { "protocol/examples/\($0)" })
        #expect(status == 0, "\(output)")
        #expect(output.isEmpty)

        // And it notices a wrong digest.
        let text = try String(contentsOf: ProtocolFolder.file("examples/push-request-digest.json"), encoding: .utf8)
        let digest = try #require(try JSONDecoder().decode(PushRequest.self, from: Data(text.utf8)).digest)
        let wrong = FileManager.default.temporaryDirectory.appendingPathComponent("wrong-digest-\(UUID().uuidString).json")
        try Data(text.replacingOccurrences(of: digest, with: String(digest.reversed())).utf8).write(to: wrong)
        defer { try? FileManager.default.removeItem(at: wrong) }
        let refused = try Self.pythonTool(["--check", wrong.path])
        #expect(refused.status == 1)
        #expect(refused.output.contains("digest should be \(digest)"))
    }

    @Test func thePythonToolRefusesAChangeIDWithALeadingZero() throws {
        // The id the node would refuse (bad_request): a client checking what it sends with the tool finds it first.
        let text = try String(contentsOf: ProtocolFolder.file("vectors/04-resolution-closes-conflict.json"), encoding: .utf8)
        let canonical = "\"\(String(repeating: "b", count: 32))/AUTO/1\""
        #expect(text.contains(canonical))
        let padded = FileManager.default.temporaryDirectory.appendingPathComponent("padded-id-\(UUID().uuidString).json")
        try Data(text.replacingOccurrences(of: canonical, with: canonical.replacingOccurrences(of: "/1\"", with: "/01\"")).utf8).write(to: padded)
        defer { try? FileManager.default.removeItem(at: padded) }
        let refused = try Self.pythonTool(["--check", padded.path])
        #expect(refused.status == 1)
        #expect(refused.output.contains("'\(String(repeating: "b", count: 32))/AUTO/01'"))
    }
}
