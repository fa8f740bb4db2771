import BenchSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GradSyncCore
import GradSyncPlacement
import GradSyncRecords
import GradSyncServer
import GradSyncStore
import Logging

/// The central node under measurement: the cached university replica served by `SyncServer` on a loopback port in this
/// process, a signed-in dashboard session, and a second, plain SQLite connection to the same file for the baselines.
final class CentralNode: @unchecked Sendable {
    // Built once per process and then only read: each benchmark uses it from its own thread, one at a time.
    let shape: CentralReplica.Shape
    let store: ReplicaStore
    let replica: PlacementReplica
    let plain: PlainPages
    let port: Int
    let cookie: String
    let session: URLSession
    private let serving: Task<Void, any Error>
    /// Requests served so far, and the resident memory when the node was ready, for the memory report.
    private(set) var requests = 0
    let residentAtStart: Int

    /// The replica's shape: 500,000 graduates over 10 cohorts and 30 departments, unless `GRADSYNC_BENCH_GRADUATES`
    /// asks for fewer (a quick run); the file is kept in `GRADSYNC_BENCH_CACHE` (default: the system's temporary directory).
    static var shape: CentralReplica.Shape {
        let graduates = ProcessInfo.processInfo.environment["GRADSYNC_BENCH_GRADUATES"].flatMap { Int($0) } ?? 500_000
        return CentralReplica.Shape(graduates: graduates)
    }

    static var cacheDirectory: String {
        ProcessInfo.processInfo.environment["GRADSYNC_BENCH_CACHE"]
            ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("gradsync-central-bench")
    }

    init() throws {
        shape = Self.shape
        let path = try CentralReplica.path(shape, in: Self.cacheDirectory) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        store = try ReplicaStore.open(at: path, options: .init(validator: PlacementValidator()))
        replica = PlacementReplica(store: store)
        plain = try PlainPages(path: path, department: CentralReplica.department(0))
        let issued = try store.tokens.issue(scope: .central, label: "benchmark")
        let semaphore = DispatchSemaphore(value: 0)
        let opened = Locked<String?>(nil)
        Task { [store] in
            opened.set(try? await store.sessions.open(tokenID: issued.info.id, now: ReplicaStore.systemWallClock(),
                                                      idleMilliseconds: 24 * 3_600_000))
            semaphore.signal()
        }
        semaphore.wait()
        guard let id = opened.value else { throw CentralBenchError("no dashboard session") }
        cookie = "gradsync_session=\(id)"

        let bound = Locked<Int?>(nil)
        let listening = DispatchSemaphore(value: 0)
        var logger = Logger(label: "gradsync.bench.central")
        logger.logLevel = .warning
        let server = SyncServer(store: store, logger: logger, dashboard: DashboardConfiguration(universityProvince: "35"))
        serving = Task {
            try await server.run(host: "127.0.0.1", port: 0, tls: nil, stopsOnSignals: false) { port in
                bound.set(port)
                listening.signal()
            }
        }
        guard listening.wait(timeout: .now() + 60) == .success, let port = bound.value else { throw CentralBenchError("the node did not listen") }
        self.port = port
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 600
        session = URLSession(configuration: configuration)
        residentAtStart = Memory.residentBytes()
    }

    /// GETs a dashboard page (path and query) as the signed-in office; returns the body, refusing anything but 200.
    func get(_ path: String) throws -> Data {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        let result = Locked<Result<(Data, Int), any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            if let error { result.set(.failure(error)) } else {
                result.set(.success((data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0)))
            }
            done.signal()
        }.resume()
        done.wait()
        let (body, status) = try result.value!.get()
        guard status == 200 else { throw CentralBenchError("GET \(path): \(status) \(String(decoding: body.prefix(300), as: UTF8.self))") }
        requests += 1
        return body
    }

    /// What `gradsync report placement --by department` does after opening the replica: the latest cohort, the
    /// directory, the grouped counts, the table and its text.
    func placementReport() throws -> String {
        let cohort = try replica.cohorts(department: nil).last
        let departments = try replica.departmentDirectory()
        let groups = try replica.graduateGroups(reading: PlacementReport.fieldsRead(by: .department), department: nil, cohort: cohort)
        return PlacementReport.make(groups: groups, by: .department, departments: departments).renderText()
    }

    /// Resident memory now and at the node's start, and the process's peak, for the benchmark's log.
    func memoryLine() -> String {
        "node memory after \(requests) requests: resident \(Memory.megabytes(Memory.residentBytes())) MB"
            + " (\(Memory.megabytes(residentAtStart)) MB when ready), peak \(Memory.megabytes(Memory.peakResidentBytes())) MB;"
            + " client connections to the node, open or closing: \(clientConnections())"
    }

    /// The TCP sockets on this machine whose far end is the node's port: the benchmark client's connections, open or
    /// in TIME_WAIT. One means every request went over the same kept-alive connection, as a browser's would.
    func clientConnections() -> Int {
        let remote = String(format: ":%04X ", port)
        return ["/proc/net/tcp", "/proc/net/tcp6"].reduce(0) { sum, file in
            let lines = (try? String(contentsOfFile: file, encoding: .utf8))?.split(separator: "\n").dropFirst() ?? []
            // Columns: sl, local_address, rem_address, st, …
            return sum + lines.filter { line in
                let columns = line.split(separator: " ")
                return columns.count > 3 && (String(columns[2]) + " ").hasSuffix(remote)
            }.count
        }
    }

    deinit { serving.cancel() }
}

/// A value set from one thread and read on another after a semaphore.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func set(_ value: Value) { lock.withLock { stored = value } }
}

/// The process's resident memory, from /proc.
enum Memory {
    static func residentBytes() -> Int { status("VmRSS:") }
    static func peakResidentBytes() -> Int { status("VmHWM:") }

    static func megabytes(_ bytes: Int) -> Int { bytes / 1_048_576 }

    private static func status(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
        return kilobytes * 1024
    }
}

/// Why the central benchmark could not run.
struct CentralBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
