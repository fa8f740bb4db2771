import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// The dashboard's logs name requests, refusals and tokens by id, never names, values, token secrets or session ids.
struct LoggingTests {
    @Test func signInPagesAndDownloadsLogNoPersonalDataOrSecrets() async throws {
        let lines = LogLines()
        let harness = try DashboardHarness(logger: Logger(label: "test") { _ in CollectingLogHandler(lines: lines) })
        let session = TextBox()
        try await harness.test { client in
            _ = try await client.signIn(token: harness.departmentToken)
            _ = try await client.signIn(token: "gs1.0123456789abcdef." + String(repeating: "cd", count: 32))
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            session.set(String(cookie.split(separator: "=").last ?? ""))
            for uri in SignInTests.pages + ["/departments/AUTO?format=csv&table=unplaced"] {
                _ = try await client.get(uri, cookie: cookie)
            }
        }
        let text = lines.text
        #expect(text.contains("dashboard sign-in refused"))
        #expect(text.contains("personal data exported"))
        // The download of names is audited as the CLI's sensitive exports are: a record in the shared scope, which syncs.
        let audits = try harness.central.records(collection: "audit", scope: .shared)
        #expect(audits.count == 1)
        #expect(audits.first?.fields["action"] == .string("export_sensitive"))
        let secrets = [harness.centralToken, harness.departmentToken].compactMap { $0.split(separator: ".").last.map(String.init) }
            + [String(repeating: "cd", count: 32), session.value]
        for secret in secrets {
            #expect(!secret.isEmpty && !text.contains(secret))
        }
        for personal in ["钱六", "script", "13800000005", "低保家庭"] {
            #expect(!text.contains(personal), "\(personal)")
        }
    }
}

/// Log lines shared between the handler and the test.
final class LogLines: Sendable {
    let storage = Mutex<[String]>([])

    var text: String { storage.withLock { $0.joined(separator: "\n") } }
}

/// Keeps every log line, message and metadata.
struct CollectingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.storage.withLock { $0.append("\(event.message) \(all)") }
    }
}
