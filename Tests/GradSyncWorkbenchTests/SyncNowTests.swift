import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncServer
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// "Sync now": the sync of `gradsync sync` against a live node, under the same lock, with plain results.
@Suite struct WorkbenchSyncNowTests {
    /// Presses "sync now" and waits (bounded) until the page shows a result; returns the page.
    static func syncNow(_ browser: Browser) async throws -> String {
        let pressed = try await browser.post("/sync", [])
        #expect(pressed.status == .seeOther)
        for _ in 0..<300 {
            let page = try await browser.get("/sync").text
            if !page.contains("data-state=\"running\"") { return page }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the sync did not finish within 30 s")
        return ""
    }

    @Test func syncNowSendsTheEditsToALiveNode() async throws {
        let replicas = try TestReplicas()
        let central = try replicas.make("central", scope: .central, validator: PlacementValidator())
        let token = try central.tokens.issue(scope: .department(try Scope.department("AUTO")), label: "auto").token
        let node = Application(router: SyncServer(store: central, logger: Logger(label: "node")).makeRouter())
        try await node.test(.live) { nodeClient in
            let port = try #require(nodeClient.port)
            let harness = try WorkbenchHarness { WorkbenchSyncTarget(url: URL(string: "http://localhost:\(port)")!, token: token, lockPath: replicas.directory.file("sync.lock")) }
            try harness.replica.addGraduate("2025000001", values: WorkbenchHarness.graduate, author: "seed")
            try await harness.test { client in
                let browser = try await Browser.signIn(client, harness.workbench)
                let before = try await browser.get("/").text
                #expect(before.contains("从未同步") && before.contains("尚未同步") && !before.contains("成功"))
                let page = try await Self.syncNow(browser)
                #expect(page.contains("data-state=\"synced\""), "\(page)")
                let today = try await browser.get("/").text
                #expect(!today.contains("从未同步") && today.contains("成功"), "the last sync and its result are shown")
            }
            let arrived = try central.record(.graduate("2025000001", in: "AUTO"))
            #expect(arrived?.fields["name"] == .string("张三"))
        }
    }

    @Test func theSyncTellsItsProgressAfterEveryCommittedPage() async throws {
        let replicas = try TestReplicas()
        let central = try replicas.make("central", scope: .central, validator: PlacementValidator())
        let token = try central.tokens.issue(scope: .department(try Scope.department("AUTO")), label: "auto").token
        let local = PlacementReplica(store: try replicas.make("auto", scope: .department(try Scope.department("AUTO")), validator: PlacementValidator()))
        for index in 0..<3 { try local.addGraduate("202500000\(index)", values: WorkbenchHarness.graduate, author: "seed") }
        let node = Application(router: SyncServer(store: central, logger: Logger(label: "node")).makeRouter())
        try await node.test(.live) { nodeClient in
            let port = try #require(nodeClient.port)
            let seen = Mutex<[SyncProgress]>([])
            let transport = HTTPTransport(baseURL: URL(string: "http://localhost:\(port)")!, token: token, deadline: .now + .seconds(60))
            let report = await SyncClient(store: local.store, transport: transport, pageSize: 4) { soFar in
                seen.withLock { $0.append(soFar) }
            }.run()
            #expect(report.failure == nil)
            let steps = seen.withLock { $0 }
            #expect(steps.map(\.pages) == Array(1...steps.count), "once a page, in order")
            #expect(steps.count >= 4, "\(report.pushed) changes in pages of 4")
            #expect(steps.last?.pushed == report.pushed && report.pages == steps.count)
            #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.pushed <= $1.pushed })
        }
    }

    @Test func anUnreachableNodeIsExplainedAsSafe() async throws {
        let harness = try WorkbenchHarness {
            // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
            WorkbenchSyncTarget(url: URL(string: "http://127.0.0.1:9")!, token: "t", lockPath: NSTemporaryDirectory() + "/gradsync-wb-\(UUID()).lock")
        }
        try await harness.test { client in
            let page = try await Self.syncNow(try await Browser.signIn(client, harness.workbench))
            #expect(page.contains("data-state=\"unreachable\"") && page.contains("安全地保存在这台电脑上"), "\(page)")
        }
    }

    @Test func aSyncHoldingTheLockIsShownAsBusyNotAsAnError() async throws {
        let lockPath = NSTemporaryDirectory() + "/gradsync-wb-\(UUID()).lock"
        let harness = try WorkbenchHarness { WorkbenchSyncTarget(url: URL(string: "http://127.0.0.1:9")!, token: "t", lockPath: lockPath) }
        let held = try #require(try SyncLock(path: lockPath), "the lock `gradsync sync` takes")
        try await harness.test { client in
            let page = try await Self.syncNow(try await Browser.signIn(client, harness.workbench))
            #expect(page.contains("data-state=\"busy\""), "\(page)")
        }
        withExtendedLifetime(held) {}
    }

    @Test func noRemoteIsSaidPlainly() async throws {
        let harness = try WorkbenchHarness()
        try await harness.test { client in
            let page = try await Self.syncNow(try await Browser.signIn(client, harness.workbench))
            #expect(page.contains("data-state=\"failed\"") && page.contains("no remote configured"))
        }
    }
}
