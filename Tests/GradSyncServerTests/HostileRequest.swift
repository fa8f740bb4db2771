import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import Hummingbird

/// A request a broken or hostile client might send, and the refusal it must get.
struct HostileRequest: Sendable, CustomStringConvertible {
    let name: String
    let status: HTTPResponse.Status
    let code: String
    /// The endpoint, body and extra headers, for a peer replica of department AUTO.
    let make: @Sendable (ForeignReplica) -> (endpoint: Endpoint, body: [UInt8], headers: HTTPFields)

    var description: String { name }

    init(_ name: String, _ status: HTTPResponse.Status, _ code: String,
         _ make: @escaping @Sendable (ForeignReplica) -> (endpoint: Endpoint, body: [UInt8], headers: HTTPFields)) {
        self.name = name
        self.status = status
        self.code = code
        self.make = make
    }

    /// A push of the peer's AUTO changes 1...3 whose JSON text has `target` replaced by `replacement`.
    static func editedPush(_ name: String, _ target: String, _ replacement: String, code: String = "bad_request") -> HostileRequest {
        HostileRequest(name, code == "hash_mismatch" ? .unprocessableContent : .badRequest, code) { peer in
            var changes = peer.changes("AUTO", 1...3)
            changes[2] = peer.change("AUTO", seq: 7777, key: "2020003", value: .string("marker"))
            return (.push, JSON.bytes(peer.push(changes), replacing: target, with: replacement), [:])
        }
    }

    /// A push of good changes with `bad` last, so nothing may be applied.
    static func pushEnding(_ name: String, status: HTTPResponse.Status = .badRequest, code: String = "bad_request",
                           _ bad: @escaping @Sendable (ForeignReplica) -> WireChange) -> HostileRequest {
        HostileRequest(name, status, code) { peer in
            let good = peer.changes("AUTO", 1...3).map { WireChange($0) }
            return (.push, JSON.bytes(PushRequest(replicaID: peer.id.hex, changes: good + [bad(peer)])), [:])
        }
    }

    /// A change of seq 4 on top of 1...3, as the wire carries it, changed by `edit`.
    static func wireChange(_ peer: ForeignReplica, value: FieldValue = .string("x"), _ edit: (inout WireChange) -> Void = { _ in }) -> WireChange {
        var wire = WireChange(peer.change("AUTO", seq: 4, key: "2020004", value: value))
        edit(&wire)
        return wire
    }

    /// A digest push of good changes 1...4, changed by `edit` before it is sent.
    static func digestPush(_ name: String, status: HTTPResponse.Status = .badRequest, code: String = "bad_request",
                           _ edit: @escaping @Sendable (inout PushRequest, ForeignReplica) -> Void) -> HostileRequest {
        HostileRequest(name, status, code) { peer in
            var message = peer.digestPush(peer.changes("AUTO", 1...4))
            edit(&message, peer)
            return (.push, JSON.bytes(message), [:])
        }
    }

    static func raw(_ name: String, _ endpoint: Endpoint, _ text: String) -> HostileRequest {
        HostileRequest(name, .badRequest, "bad_request") { _ in (endpoint, Array(text.utf8), [:]) }
    }

    static func nested(_ depth: Int) -> FieldValue {
        (0..<depth).reduce(FieldValue.string("x")) { inner, _ in .list([inner]) }
    }

    static let megabyte = String(repeating: "a", count: 1 << 20)
    static let oversized = [UInt8](repeating: UInt8(ascii: " "), count: WireProtocol.maxBodyBytes + 1)

    static let all: [HostileRequest] = [
        raw("empty body", .push, ""),
        raw("malformed JSON", .push, #"{"protocol":1,"replica_id":"#),
        raw("not JSON", .handshake, "hello"),
        raw("array at the top level", .pull, "[1,2,3]"),
        raw("missing keys", .push, #"{"protocol":1}"#),
        raw("null where an object belongs", .handshake, "null"),
        editedPush("protocol as a string", #""protocol":1"#, #""protocol":"1""#),
        editedPush("protocol past Int", #""protocol":1"#, #""protocol":99999999999999999999999"#),
        editedPush("seq as a string", #""seq":7777"#, #""seq":"7777""#),
        editedPush("seq of 2^64", #""seq":7777"#, #""seq":18446744073709551616"#),
        editedPush("negative seq", #""seq":7777"#, #""seq":-1"#),
        editedPush("fractional seq", #""seq":7777"#, #""seq":1.5"#),
        editedPush("bases as a string", #""bases":[]"#, #""bases":"none""#),
        editedPush("float value", #""value":"marker""#, #""value":1.5"#),
        editedPush("integer value past 64 bits", #""value":"marker""#, #""value":99999999999999999999"#),
        pushEnding("seq of 2^63") { peer in wireChange(peer) { $0.seq = 1 << 63 } },
        pushEnding("seq of 0") { peer in wireChange(peer) { $0.seq = 0 } },
        pushEnding("hlc milliseconds of 2^48") { peer in wireChange(peer) { $0.hlc = "281474976710656.0" } },
        pushEnding("hlc counter past 16 bits") { peer in wireChange(peer) { $0.hlc = "1780272000000.65536" } },
        pushEnding("hlc without a counter") { peer in wireChange(peer) { $0.hlc = "1780272000000" } },
        pushEnding("origin that is not hex") { peer in wireChange(peer) { $0.origin = String(repeating: "z", count: 32) } },
        pushEnding("enormous origin") { peer in wireChange(peer) { $0.origin = megabyte } },
        pushEnding("enormous key") { peer in wireChange(peer) { $0.key = megabyte } },
        pushEnding("enormous author") { peer in wireChange(peer) { $0.author = megabyte } },
        pushEnding("invalid scope") { peer in wireChange(peer) { $0.scope = "AU/TO" } },
        pushEnding("empty field") { peer in wireChange(peer) { $0.field = "" } },
        pushEnding("invalid ChangeID in bases") { peer in wireChange(peer) { $0.bases = ["not/a/change"] } },
        pushEnding("ChangeID of seq 0 in bases") { peer in wireChange(peer) { $0.bases = ["\(peer.id.hex)/AUTO/0"] } },
        pushEnding("invalid ChangeID in seen") { peer in wireChange(peer) { $0.seen = [megabyte] } },
        // Served back as `…/1`, an id written `…/01` would change the canonical text its writer hashed.
        pushEnding("ChangeID with a leading zero in bases") { peer in wireChange(peer) { $0.bases = ["\(peer.id.hex)/AUTO/01"] } },
        pushEnding("ChangeID with a sign in seen") { peer in wireChange(peer) { $0.seen = ["\(peer.id.hex)/AUTO/+1"] } },
        pushEnding("hash that does not match", status: .unprocessableContent, code: "hash_mismatch") { peer in
            wireChange(peer) { $0.value = .string("tampered") }
        },
        pushEnding("value nested 100 levels") { peer in wireChange(peer, value: nested(100)) },
        pushEnding("key not in Unicode NFC", status: .unprocessableContent, code: "validation_failed") { peer in
            WireChange(peer.change("AUTO", seq: 4, key: "2020e\u{301}"))
        },
        pushEnding("field not in Unicode NFC", status: .unprocessableContent, code: "validation_failed") { peer in
            WireChange(peer.change("AUTO", seq: 4, key: "2020004", field: "note\u{301}"))
        },
        pushEnding("key outside A-Z a-z 0-9 _ -", status: .unprocessableContent, code: "validation_failed") { peer in
            WireChange(peer.change("AUTO", seq: 4, key: "2020 004"))
        },
        pushEnding("author holding terminal control sequences", status: .unprocessableContent, code: "validation_failed") { peer in
            var change = peer.change("AUTO", seq: 4, key: "2020004")
            change.author = "peer\u{1B}]0;owned\u{07}\u{1B}[2J"
            return WireChange(change)
        },
        pushEnding("control characters nested in an unknown field's value", status: .unprocessableContent, code: "validation_failed") { peer in
            WireChange(peer.change("AUTO", seq: 4, key: "2020004", field: "extra", value: .object(["note": .list([.string("\u{1B}[2J")])])))
        },
        pushEnding("value over 64 KiB of canonical JSON", status: .unprocessableContent, code: "validation_failed") { peer in
            WireChange(peer.change("AUTO", seq: 4, key: "2020004", field: "extra", value: .string(String(repeating: "长", count: 2 << 20))))
        },
        editedPush("value nested 100000 levels", #""value":"marker""#,
                   #""value":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)),
        HostileRequest("invalid UTF-8 bytes", .badRequest, "bad_request") { peer in
            var body = JSON.bytes(peer.push(peer.changes("AUTO", 1...3)))
            let marker = Array(#""author":"peer""#.utf8)
            let index = body.indices.first { body[$0...].starts(with: marker) }!
            body.replaceSubrange(index + marker.count - 5..<index + marker.count - 1, with: [0xFF, 0xFE, 0xC0, 0x80])
            return (.push, body, [:])
        },
        HostileRequest("invalid replica id in handshake", .badRequest, "bad_request") { peer in
            var message = peer.handshake(scope: "AUTO")
            message.replicaID = "nope"
            return (.handshake, JSON.bytes(message), [:])
        },
        HostileRequest("invalid replica id in pull", .badRequest, "bad_request") { peer in
            var message = peer.pull(scope: "AUTO")
            message.replicaID = megabyte
            return (.pull, JSON.bytes(message), [:])
        },
        HostileRequest("invalid replica id in push", .badRequest, "bad_request") { peer in
            var message = peer.push(peer.changes("AUTO", 1...3))
            message.replicaID = megabyte
            return (.push, JSON.bytes(message), [:])
        },
        HostileRequest("invalid scope in handshake", .badRequest, "bad_request") { peer in
            (.handshake, JSON.bytes(peer.handshake(scope: "../AUTO")), [:])
        },
        HostileRequest("invalid vector entry in pull", .badRequest, "bad_request") { peer in
            var message = peer.pull(scope: "AUTO")
            message.vector = [WireVectorEntry(origin: peer.id.hex, scope: "", seq: 1)]
            return (.pull, JSON.bytes(message), [:])
        },
        HostileRequest("page over the change limit", .contentTooLarge, "page_too_large") { peer in
            (.push, JSON.bytes(peer.push(peer.changes("AUTO", 1...UInt64(WireProtocol.maxPageChanges + 1)))), [:])
        },
        HostileRequest("body over the limit", .contentTooLarge, "body_too_large") { _ in (.push, oversized, [:]) },
        HostileRequest("gzip bomb", .contentTooLarge, "body_too_large") { _ in
            (.push, try! Gzip.compress(oversized, level: 9), [.contentEncoding: "gzip"])
        },
        HostileRequest("corrupt gzip", .badRequest, "bad_request") { peer in
            var body = try! Gzip.compress(JSON.bytes(peer.push(peer.changes("AUTO", 1...3))))
            for index in 12..<body.count - 8 { body[index] ^= 0x5A }
            return (.push, body, [.contentEncoding: "gzip"])
        },
        HostileRequest("truncated gzip", .badRequest, "bad_request") { peer in
            let body = try! Gzip.compress(JSON.bytes(peer.push(peer.changes("AUTO", 1...3))))
            return (.push, Array(body.prefix(body.count / 2)), [.contentEncoding: "gzip"])
        },
        digestPush("digest page with one change carrying its hash") { message, peer in
            message.changes[2] = WireChange(peer.changes("AUTO", 3...3)[0])
        },
        digestPush("hashless changes without a digest") { message, _ in message.digest = nil },
        digestPush("digest that does not match", status: .unprocessableContent, code: "hash_mismatch") { message, _ in
            message.digest = String(message.digest!.reversed())
        },
        digestPush("digest of the page in another order", status: .unprocessableContent, code: "hash_mismatch") { message, _ in
            message.changes.swapAt(1, 2)
        },
        digestPush("hashless change edited in transit", status: .unprocessableContent, code: "hash_mismatch") { message, _ in
            message.changes[3].value = .string("tampered")
        },
        digestPush("digest of 63 hex digits") { message, _ in message.digest = String(message.digest!.dropLast()) },
        digestPush("digest that is not hex") { message, _ in message.digest = String(repeating: "z", count: 64) },
        digestPush("enormous digest") { message, _ in message.digest = megabyte },
        HostileRequest("digest as a number", .badRequest, "bad_request") { peer in
            let message = peer.digestPush(peer.changes("AUTO", 1...4))
            return (.push, JSON.bytes(message, replacing: #""digest":"\#(message.digest!)""#, with: #""digest":12"#), [:])
        },
        HostileRequest("hashed page with a digest that does not match", .unprocessableContent, "hash_mismatch") { peer in
            var message = peer.push(peer.changes("AUTO", 1...4))
            message.digest = PageDigest.of(contentHashes: peer.changes("AUTO", 1...3).map(\.contentHash))
            return (.push, JSON.bytes(message), [:])
        },
        HostileRequest("unsupported Content-Encoding", .unsupportedMediaType, "unsupported_encoding") { peer in
            (.push, JSON.bytes(peer.push(peer.changes("AUTO", 1...3))), [.contentEncoding: "br"])
        },
    ]
}
