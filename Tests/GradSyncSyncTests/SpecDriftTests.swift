import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import Testing

/// Ties the prose of `protocol/SPEC.md` to the code it describes.
@Suite struct SpecDriftTests {
    @Test func workedHashExampleIsWhatTheCodeComputes() throws {
        let vector = try VectorTests.load("04-resolution-closes-conflict.json")
        let wire = try #require(vector.changes.first { $0.origin.hasPrefix("cccc") && $0.seq == 1 })
        let change = try wire.change()
        let spec = try ProtocolFolder.text(atRoot: "protocol/SPEC.md")
        #expect(spec.contains(change.canonicalText), "SPEC.md should show the canonical text \(change.canonicalText)")
        #expect(spec.contains(change.contentHash), "SPEC.md should show the hash \(change.contentHash)")
        #expect(spec.contains("\(change.hlc.rawValue)"))
    }

    @Test func pageDigestMembersAreSpecifiedAndDescribed() throws {
        let spec = try ProtocolFolder.text(atRoot: "protocol/SPEC.md")
        let empty = try #require(PageDigest.of(contentHashes: []))
        #expect(spec.contains(empty), "SPEC.md should show the digest of an empty page, \(empty)")
        let openAPI = try ProtocolFolder.text(atRoot: "protocol/openapi.yaml")
        for member in ["page_digest", "digest", "pull_from", "from", "snapshot_min_changes", "stream_tips", "tips"] {
            #expect(spec.contains("`\(member)`"), "SPEC.md does not name \(member)")
            #expect(openAPI.contains("        \(member):"), "openapi.yaml has no property \(member)")
        }
        // Every schema the operations name is defined (a lost heading once left PushResponse undefined).
        let pattern = try Regex(##"\$ref: "#/components/schemas/(\w+)""##)
        for match in openAPI.matches(of: pattern) {
            let name = String(match.output[1].substring!)
            #expect(openAPI.contains("\n    \(name):\n"), "openapi.yaml refers to schema \(name) but does not define it")
        }
    }

    @Test func theSnapshotFormatIsSpecifiedWithItsConstants() throws {
        let spec = try ProtocolFolder.text(atRoot: "protocol/SPEC.md")
        let openAPI = try ProtocolFolder.text(atRoot: "protocol/openapi.yaml")
        for text in ["GSSN", "GSSE", SnapshotFormat.mediaType, "\(SnapshotFormat.maxTableEntries)", "\(SnapshotFormat.maxVectorEntries)",
                     "\(SnapshotFormat.maxIDs)", "`POST /v1/sync/snapshot`", "`SnapshotRequest`"] {
            #expect(spec.contains(text), "SPEC.md does not name \(text)")
        }
        #expect(SnapshotFormat.headerMagic == Array("GSSN".utf8) && SnapshotFormat.trailerMagic == Array("GSSE".utf8))
        #expect(openAPI.contains("  /v1/sync/snapshot:") && openAPI.contains("\n    SnapshotRequest:\n") && openAPI.contains(SnapshotFormat.mediaType))
    }

    @Test func protocolConstantsInTheSpecAreTheCodes() throws {
        let spec = try ProtocolFolder.text(atRoot: "protocol/SPEC.md")
        for constant in [WireProtocol.maxPageChanges, WireProtocol.maxBodyBytes, WireProtocol.pageByteBudget, FieldValue.maximumDepth] {
            #expect(spec.contains("\(constant)"), "SPEC.md does not mention \(constant)")
        }
        // The bounds every receiver keeps, in the limits table with the refusal they get.
        let openAPI = try ProtocolFolder.text(atRoot: "protocol/openapi.yaml")
        let limits = [
            "| a value's canonical JSON (3.3) | at most \(RecordLimits.maximumValueBytes) bytes",
            "| fields of one record | at most \(RecordLimits.maximumFields), the tombstone `_deleted` not counted, for a local write; at most \(RecordLimits.maximumReceivedFields) for a received change",
            "| `key` | only `A-Z a-z 0-9 _ -`",
        ]
        let rows = spec.split(separator: "\n")
        for limit in limits {
            #expect(rows.contains { $0.hasPrefix(limit) && $0.hasSuffix("| `422 validation_failed` |") }, "SPEC.md's limits table lacks '\(limit)'")
        }
        #expect(openAPI.contains("at most \(RecordLimits.maximumValueBytes) bytes") && openAPI.contains("more than \(RecordLimits.maximumReceivedFields) fields") && openAPI.contains("at most \(RecordLimits.maximumFields) fields"))
        #expect(openAPI.contains(#"pattern: "^[A-Za-z0-9_-]+$""#))
    }

    @Test func everyMemberAndKindOfThePlacementSchemaIsDescribed() throws {
        let spec = try ProtocolFolder.text(atRoot: "protocol/SPEC.md")
        let schema = try ProtocolFolder.jsonValue(Data(contentsOf: ProtocolFolder.file("schema/placement.json")))
        var names = Set<String>()
        // Member names at every depth, and every type's kind; the members of `values` are field names, not format.
        func walk(_ value: FieldValue, parent: String?) {
            switch value {
            case .object(let members):
                for (name, member) in members {
                    if parent != "values" { names.insert(name) }
                    if name == "kind", let kind = member.stringValue, parent == "type" || parent == "key" { names.insert(kind) }
                    walk(member, parent: name)
                }
            case .list(let items): items.forEach { walk($0, parent: parent) }
            default: break
            }
        }
        walk(schema, parent: nil)
        #expect(names.contains("not_china") && names.contains("whole_number"))
        let undescribed = names.filter { !spec.contains("`\($0)`") }.sorted()
        #expect(undescribed.isEmpty, "SPEC.md section 14 does not describe \(undescribed)")
    }

    @Test func everyRefusalTheNodeSendsIsSpecifiedWithAnExample() throws {
        // The node answers every refusal with the status this one table gives its code.
        let refusals = Dictionary(uniqueKeysWithValues: RefusalCode.sentByNode.map { ($0.key.rawValue, $0.value) })
        // Every refusal the server's source makes names a code of that table (by its Swift name).
        let names = Set(refusals.keys.map { code in
            code == "internal" ? "internalError" : code.split(separator: "_").enumerated()
                .map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
        })
        let folder = ProtocolFolder.root.appendingPathComponent("Sources/GradSyncServer")
        let pattern = try Regex(#"SyncRefusal\((?:status: [^,]+, code: )?\.(\w+),"#)
        var used = Set<String>()
        for file in FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in source.matches(of: pattern) { used.insert(String(match.output[1].substring!)) }
        }
        #expect(!used.isEmpty)
        #expect(used.subtracting(names).isEmpty, "the server refuses with codes outside RefusalCode.sentByNode: \(used.subtracting(names).sorted())")
        let spec = try ProtocolFolder.text(atRoot: "protocol/SPEC.md").split(separator: "\n")
        let openAPI = try ProtocolFolder.text(atRoot: "protocol/openapi.yaml")
        for (code, status) in refusals {
            #expect(spec.contains { $0.hasPrefix("| \(status) ") && $0.contains("`\(code)`") }, "SPEC.md has no row '| \(status) | `\(code)` |'")
            #expect(FileManager.default.fileExists(atPath: ProtocolFolder.file("examples/error-\(code).json").path), "no example for \(code)")
            #expect(openAPI.contains(code), "openapi.yaml does not name \(code)")
        }
    }
}
