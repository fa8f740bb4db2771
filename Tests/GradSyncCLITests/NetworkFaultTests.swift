import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// The built client against a node behind a proxy that breaks requests on purpose.
@Suite(.serialized) struct NetworkFaultTests {
    let directory: TemporaryDirectory
    let central: CommandRunner
    let auto: CommandRunner
    let node: LiveNode
    let tokenFile: String

    init() throws {
        directory = try TemporaryDirectory()
        central = CommandRunner(home: directory.file("central"))
        auto = CommandRunner(home: directory.file("auto"))
        _ = try central.run(["init", "--central"])
        _ = try auto.run(["init", "--department", "AUTO"])
        tokenFile = directory.file("auto.token")
        try central.run(["token", "issue", "--department", "AUTO"]).stdout.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        node = try LiveNode(home: central.home)
        let store = try ReplicaStore.open(at: auto.home + "/replica.sqlite")
        for index in 0..<200 {
            try store.write(RecordID.graduate(String(3_000_000 + index), in: "AUTO"),
                            fields: ["name": .string("学生\(index)"), "grad_year": .integer(2024)], mode: .create, author: "seed")
        }
        let centralStore = try ReplicaStore.open(at: central.home + "/replica.sqlite")
        for index in 0..<200 {
            try centralStore.write(RecordID.graduate(String(4_000_000 + index), in: "AUTO"),
                                   fields: ["name": .string("中心\(index)")], mode: .create, author: "office")
        }
    }

    func sync(through proxy: FaultProxy, timeout: Int = 60) throws -> (code: Int32, object: [String: Any]) {
        let result = try auto.run(["sync", "--remote", proxy.url, "--token-file", tokenFile, "--json", "--page-size", "50",
                                   "--timeout", String(timeout)])
        let object = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
        return (result.exitCode, object)
    }

    func checkConverged() throws {
        let centralStore = try ReplicaStore.open(at: central.home + "/replica.sqlite")
        let autoStore = try ReplicaStore.open(at: auto.home + "/replica.sqlite")
        #expect(try centralStore.changeCount() == 600)
        #expect(try autoStore.changeCount() == 600)
        #expect(try centralStore.maintenance.materializedState() == autoStore.maintenance.materializedState())
        #expect(try autoStore.maintenance.verify().isHealthy)
    }

    @Test(arguments: [FaultProxy.Fault.dropRequest, .dropResponse, .truncateResponse, .serviceUnavailable])
    func transientFaultsAreRetriedAndTheSyncCompletes(_ fault: FaultProxy.Fault) throws {
        // Every other request fails, for the first twenty requests.
        let schedule = (0..<20).map { $0 % 2 == 0 ? fault : .pass }
        let proxy = try FaultProxy(target: node.url, schedule: schedule)
        let (code, object) = try sync(through: proxy)
        #expect(code == 0, "\(object)")
        #expect(object["pushed"] as? Int == 400 && object["pulled"] as? Int == 200)
        #expect(proxy.appliedFaults.contains(fault))
        try checkConverged()
    }

    @Test func forwardedAnswersSayTheProxyClosesTheConnection() throws {
        // The proxy closes every connection after one answer. An answer that does not say so lets a client send its
        // next request on the closing connection, which libcurl then sends again without its body (see FaultProxy):
        // the sync above stalled for its whole request timeout about one run in six.
        let proxy = try FaultProxy(target: node.url, schedule: [.pass])
        let port = try #require(URL(string: proxy.url)?.port)
        let socket = try #require(LoopbackSocket(port: port))
        let answer = try #require(socket.exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", within: 10))
        #expect(answer.hasPrefix("HTTP/1.1 200"))
        #expect(answer.lowercased().contains("\r\nconnection: close\r\n"), "\(answer)")
    }

    @Test func persistentFailureExitsThreeWithOnlyWholePagesApplied() throws {
        // Let the handshake and four pages through, then refuse everything.
        let proxy = try FaultProxy(target: node.url, schedule: [.pass, .pass, .pass, .pass, .pass] + Array(repeating: .serviceUnavailable, count: 500))
        let (code, object) = try sync(through: proxy, timeout: 8)
        #expect(code == 3, "\(object)")
        #expect(object["status"] as? String == "unreachable")
        let pushed = object["pushed"] as? Int ?? -1
        #expect(pushed == 200, "four whole pages of fifty were committed before the failure")
        let centralStore = try ReplicaStore.open(at: central.home + "/replica.sqlite")
        #expect(try centralStore.changeCount() == 200 + pushed)
        #expect(try centralStore.maintenance.verify().isHealthy)
        proxy.setSchedule([])
        let (again, _) = try sync(through: proxy)
        #expect(again == 0)
        try checkConverged()
    }

    @Test func stalledNodeTimesOutWithExitThree() throws {
        let proxy = try FaultProxy(target: node.url, schedule: Array(repeating: .stall, count: 50))
        let (code, object) = try sync(through: proxy, timeout: 3)
        #expect(code == 3 && object["status"] as? String == "unreachable")
        #expect(try ReplicaStore.open(at: central.home + "/replica.sqlite").changeCount() == 200)
    }
}
