import GradSyncCore
import GradSyncStore
import GradSyncSync
import HummingbirdTesting
import Testing

/// What operators watch: health, readiness, metrics and logs, and that logs carry no personal data.
@Suite struct OperationsTests {
    @Test(arguments: ServerMode.allCases)
    func healthAndReadinessAnswerWithoutAToken(mode: ServerMode) async throws {
        let node = try CentralNode()
        try await node.withClient(mode) { client in
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.text == "ok\n")
            let ready = try await client.get("/readyz")
            #expect(ready.status == .ok)
            #expect(ready.text == "ready\n")
        }
    }

    @Test(arguments: ServerMode.allCases)
    func metricsCountRequestsRefusalsAndChanges(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let future = { var message = peer.handshake(scope: "AUTO"); message.protocolVersion = 2; return message }()
        let text = try await node.withClient(mode) { client in
            _ = try await client.post(.push, peer.push(peer.changes("AUTO", 1...4)), token: token).decode(PushResponse.self)
            _ = try await client.post(.pull, ForeignReplica().pull(scope: "AUTO"), token: token).decode(PullResponse.self)
            expectRefusal(try await client.post(.handshake, peer.handshake(scope: "AUTO"), token: nil), .unauthorized, "unauthorized")
            expectRefusal(try await client.post(.pull, peer.pull(scope: "AUTO"), token: "gs1.x.y"), .unauthorized, "unauthorized")
            expectRefusal(try await client.post(.pull, peer.pull(scope: "CS"), token: token), .forbidden, "forbidden_scope")
            expectRefusal(try await client.post(.handshake, future, token: token), .badRequest, "unsupported_protocol")
            expectRefusal(try await client.get("/v1/unknown"), .notFound, "not_found")
            let fork = [peer.change("AUTO", seq: 1, value: .string("copy"))]
            expectRefusal(try await client.post(.push, peer.push(fork), token: token), .conflict, "replica_fork")
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType] == "text/plain; version=0.0.4")
            return metrics.text
        }
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            #"gradsync_refusals_total{code="unauthorized"} 2"#,
            #"gradsync_refusals_total{code="forbidden_scope"} 1"#,
            #"gradsync_refusals_total{code="unsupported_protocol"} 1"#,
            #"gradsync_refusals_total{code="not_found"} 1"#,
            #"gradsync_refusals_total{code="replica_fork"} 1"#,
            #"gradsync_http_requests_total{route="/v1/sync/push",status="200"} 1"#,
            #"gradsync_http_requests_total{route="/v1/sync/push",status="409"} 1"#,
            #"gradsync_http_requests_total{route="/v1/sync/pull",status="401"} 1"#,
            #"gradsync_http_requests_total{route="other",status="404"} 1"#,
            "gradsync_changes_applied_total 4", "gradsync_changes_sent_total 4",
            #"gradsync_pages_total{direction="push"} 1"#, #"gradsync_pages_total{direction="pull"} 1"#,
            "gradsync_syncs_completed_total 1", "gradsync_changes_held 4", "gradsync_open_conflicts 0",
        ] {
            #expect(lines.contains(expected), "missing \(expected) in\n\(text)")
        }
        #expect(!text.contains("/v1/unknown"), "unknown paths share one label")
    }

    /// Refuses a gender other than 1 or 2, naming the value as validators do.
    struct GenderValidator: ChangeValidator {
        func validate(_ change: Change) throws(ValidationError) {
            guard change.field == "gender", change.value != .string("1"), change.value != .string("2") else { return }
            throw ValidationError(field: "gender", value: change.value.displayText, allowed: "1 (male) or 2 (female)")
        }
    }

    @Test(arguments: ServerMode.allCases)
    func logsNeverCarryTokensStudentNumbersOrValues(mode: ServerMode) async throws {
        let node = try CentralNode(validator: GenderValidator())
        let issued = try node.store.tokens.issue(scope: .department(try Scope.department("AUTO")))
        let secret = String(issued.token.split(separator: ".")[2])
        let peer = ForeignReplica()
        let name = peer.change("AUTO", seq: 1, key: "2020999", value: .string("张三"))
        let gender = peer.change("AUTO", seq: 2, key: "2020999", field: "gender", value: .string("张三"))
        let badScope = HandshakeRequest(replicaID: "2020999", scope: "2020999张三", vector: [], clockMilliseconds: 0)
        try await node.withClient(mode) { client in
            let applied = try await client.post(.push, peer.push([name]), token: issued.token).decode(PushResponse.self)
            #expect(applied.applied == 1)
            let refusal = expectRefusal(try await client.post(.push, peer.push([gender]), token: issued.token),
                                        .unprocessableContent, "validation_failed")
            #expect(refusal?.message.contains("gender") == true)
            expectRefusal(try await client.post(.handshake, badScope, token: issued.token), .badRequest, "bad_request")
            expectRefusal(try await client.post(.pull, peer.pull(scope: "AUTO"), token: issued.token + "0"), .unauthorized, "unauthorized")
            _ = try await client.post(.pull, peer.pull(scope: "AUTO"), token: issued.token).decode(PullResponse.self)
        }
        let logged = node.logs.text
        let requests = node.logs.all.filter { $0.message == "request" }
        #expect(requests.count == 5)
        #expect(requests.map { $0.metadata["code"] } == ["-", "validation_failed", "bad_request", "unauthorized", "-"])
        for forbidden in ["张三", "2020999", secret, issued.token, "Bearer"] {
            #expect(!logged.contains(forbidden), "the log holds '\(forbidden)':\n\(logged)")
        }
    }
}
