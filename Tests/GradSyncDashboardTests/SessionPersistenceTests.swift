import Foundation
import GradSyncCore
@testable import GradSyncServer
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Sessions are kept hashed in the replica: a restarted node on the same file still knows them, and still ends them.
struct SessionPersistenceTests {
    /// A node serving `store` with the harness's dashboard settings, on a live loopback port.
    static func serveLive(_ store: ReplicaStore, clock: ManualClock,
                          _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let configuration = DashboardConfiguration(sessionIdleMilliseconds: DashboardHarness.idleMilliseconds, clock: { clock.now() })
        let server = SyncServer(store: store, logger: Logger(label: "test"), dashboard: configuration)
        try await Application(router: server.makeRouter()).test(.live, body)
    }

    @Test func aSessionSurvivesARestartOfTheNodeOnTheSameReplicaFile() async throws {
        let harness = try DashboardHarness()
        let clock = harness.replicas.clock
        let cookies = Mutex<(kept: String, ended: String)>(("", ""))
        try await Self.serveLive(harness.central, clock: clock) { client in
            let kept = try await client.signedInBrowser(token: harness.centralToken)
            let ended = try await client.signedInBrowser(token: harness.centralToken)
            #expect(try await client.postForm("/logout", [("form_token", ended.formToken)], cookie: ended.cookie).status == .seeOther)
            cookies.withLock { $0 = (kept.cookie, ended.cookie) }
        }
        let (kept, ended) = cookies.withLock { $0 }
        let id = String(kept.dropFirst("gradsync_session=".count))
        // The database file must be read (a wrong path would make the check vacuous); its WAL only when a checkpoint
        // has not removed it.
        let database = try Data(contentsOf: URL(fileURLWithPath: harness.central.path))
        #expect(!database.isEmpty && database.range(of: Data(id.utf8)) == nil, "the session id itself is never stored")
        let walPath = harness.central.path + "-wal"
        if FileManager.default.fileExists(atPath: walPath) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: walPath)).range(of: Data(id.utf8)) == nil, "nor in the WAL")
        }
        let restarted = try harness.replicas.reopen(harness.central)
        try await Self.serveLive(restarted, clock: clock) { client in
            let page = try await client.get("/conflicts", cookie: kept)
            #expect(page.status == .ok, "signed in across the restart")
            #expect(page.text.contains(SessionRegistry.formToken(forSession: id)), "with the same form token")
            #expect(try await client.get("/", cookie: ended).status == .seeOther, "a signed-out session stays out")
        }
        clock.advance(by: Int64(DashboardHarness.idleMilliseconds) + 1)
        try await Self.serveLive(try harness.replicas.reopen(harness.central), clock: clock) { client in
            let expired = try await client.get("/", cookie: kept)
            #expect(expired.status == .seeOther, "idle past its time: expired, restart or not")
        }
    }
}
