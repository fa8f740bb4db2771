import Hummingbird
@testable import GradSyncServer
import Testing

@Suite struct LoggedRouteTests {
    @Test func clientChosenPathsAndRequestIDsNeverReachTheLogAsGiven() {
        #expect(JSONErrorMiddleware<BasicRequestContext>.loggedRoute("/v1/sync/push") == "/v1/sync/push")
        #expect(JSONErrorMiddleware<BasicRequestContext>.loggedRoute("/departments/AUTO") == "/departments/{code}")
        #expect(JSONErrorMiddleware<BasicRequestContext>.loggedRoute("/2020999/张三") == "other")
        #expect(JSONErrorMiddleware<BasicRequestContext>.acceptableRequestID("req-42_a") == "req-42_a")
        #expect(JSONErrorMiddleware<BasicRequestContext>.acceptableRequestID("2020999 张三") == nil)
    }
}
