import Foundation
import GradSyncCore
@testable import GradSyncServer
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Repeated refused sign-ins from one address slow that address down, doubling, and a sign-in that succeeds resets it.
struct SignInThrottleTests {
    static let wrong = "gs1.0123456789abcdef." + String(repeating: "ab", count: 32)

    @Test func repeatedFailuresAreAnswered429WithRetryAfterUntilTheWaitIsOver() async throws {
        let harness = try DashboardHarness()
        let clock = harness.replicas.clock
        try await harness.test { client in
            for _ in 0..<5 {
                let refused = try await client.signIn(token: Self.wrong)
                #expect(refused.status == .unauthorized)
            }
            let throttled = try await client.signIn(token: harness.centralToken)
            #expect(throttled.status == .tooManyRequests, "even the right token waits: it is not looked at")
            #expect(throttled.headers[.retryAfter] == "1")
            #expect(throttled.headers[.setCookie] == nil)
            clock.advance(by: 1_000)
            #expect(try await client.signIn(token: Self.wrong).status == .unauthorized)
            let doubled = try await client.signIn(token: Self.wrong)
            #expect(doubled.status == .tooManyRequests)
            #expect(doubled.headers[.retryAfter] == "2", "each further failure doubles the wait")
            clock.advance(by: 2_000)
            #expect(try await client.signIn(token: harness.centralToken).status == .seeOther)
            // A success clears the count: a mistyped token afterwards is only refused, not throttled.
            for _ in 0..<4 {
                let refused = try await client.signIn(token: Self.wrong)
                #expect(refused.status == .unauthorized)
            }
            #expect(try await client.signIn(token: harness.centralToken).status == .seeOther)
        }
    }

    @Test func departmentTokensCountAsFailures() async throws {
        let harness = try DashboardHarness()
        try await harness.test { client in
            for _ in 0..<5 {
                let refused = try await client.signIn(token: harness.departmentToken)
                #expect(refused.status == .forbidden)
            }
            #expect(try await client.signIn(token: harness.departmentToken).status == .tooManyRequests)
        }
    }

    @Test func failuresAreCountedPerAddressWithinAWindowInBoundedMemory() {
        let clock = ManualClock()
        let throttle = SignInThrottle(freeFailures: 3, windowMilliseconds: 60_000, firstDelayMilliseconds: 1_000, capacity: 4,
                                      clock: { clock.now() })
        for _ in 0..<3 { throttle.failed(from: "192.0.2.1") }
        #expect(throttle.wait(for: "192.0.2.1") == 1_000)
        #expect(throttle.wait(for: "192.0.2.2") == nil, "another address is not slowed")
        clock.advance(by: 61_000)
        throttle.failed(from: "192.0.2.1")
        #expect(throttle.wait(for: "192.0.2.1") == nil, "a failure after the window starts a new count")
        for index in 0..<100 { throttle.failed(from: "198.51.100.\(index)") }
        #expect(throttle.count == 4)
        throttle.succeeded(from: "198.51.100.99")
        #expect(throttle.count == 3)
    }

    @Test func overALivePortTheThrottleCountsThePeersAddress() async throws {
        let harness = try DashboardHarness()
        let app = Application(router: harness.server.makeRouter())
        try await app.test(.live) { client in
            for _ in 0..<5 {
                let refused = try await client.signIn(token: Self.wrong)
                #expect(refused.status == .unauthorized)
            }
            #expect(try await client.signIn(token: harness.centralToken).status == .tooManyRequests)
        }
        // Counted by IP address: a new connection (another port) from the same host is the same address.
        let first = try SocketAddress(ipAddress: "127.0.0.1", port: 40_001), second = try SocketAddress(ipAddress: "127.0.0.1", port: 40_002)
        #expect(Dashboard.throttleKey(first) == "127.0.0.1")
        #expect(Dashboard.throttleKey(second) == Dashboard.throttleKey(first))
    }
}
