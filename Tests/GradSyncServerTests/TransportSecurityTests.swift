import GradSyncServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `Strict-Transport-Security` on every response of a node served over HTTPS, and never over plain HTTP.
struct TransportSecurityTests {
    static let header = HTTPField.Name("Strict-Transport-Security")!

    @Test func everyResponseOverHTTPSCarriesStrictTransportSecurity() async throws {
        let node = try CentralNode()
        var server = node.server
        server.strictTransportSecurity = true
        try await CentralNode.serve(server.makeRouter(), logs: node.logs, mode: .router) { client in
            let ok = try await client.get("/healthz")
            let page = try await client.get("/login")
            let missing = try await client.get("/no-such-path")
            let refused = try await client.post(Endpoint.handshake.rawValue, bytes: Array("{}".utf8), token: nil)
            for response in [ok, page, missing, refused] {
                #expect(response.headers[Self.header] == "max-age=31536000", "HTTP \(response.status.code)")
            }
            #expect(refused.status == .unauthorized)
        }
    }

    @Test func plainHTTPResponsesCarryNoStrictTransportSecurity() async throws {
        let node = try CentralNode()
        try await node.withClient(.live) { client in
            for path in ["/healthz", "/login"] {
                let response = try await client.get(path)
                #expect(response.headers[Self.header] == nil, "\(path)")
            }
        }
    }
}
