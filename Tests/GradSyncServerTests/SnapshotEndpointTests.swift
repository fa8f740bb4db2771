import Foundation
import GradSyncCore
import GradSyncServer
import GradSyncStore
import GradSyncSync
import HummingbirdTesting
import Synchronization
import Testing

/// `POST /v1/sync/snapshot` (SPEC.md 15): the shared scope's whole log from one read transaction, cached per scope
/// and vector, under the same token and scope rules as a pull.
@Suite struct SnapshotEndpointTests {
    static let path = "/v1/sync/snapshot"

    /// A node holding graduates of AUTO and MATH, written by itself and by a peer, and shared reference data.
    static func populatedNode(snapshots: Bool = true) async throws -> CentralNode {
        let node = try CentralNode(snapshots: snapshots)
        try node.writeGraduates((1...40).map { "2020\($0)" }, in: "AUTO")
        try node.writeGraduates((1...25).map { "2021\($0)" }, in: "MATH")
        for code in ["AUTO", "MATH"] {
            try node.store.write(RecordID(scope: .shared, collection: "department", key: code), fields: ["name": .string("系 \(code)")],
                                 mode: .upsert, author: "office")
        }
        _ = try node.store.apply(ForeignReplica().changes("AUTO", 1...15))
        return node
    }

    static func request(_ scope: String, replica: ReplicaID = .random()) -> SnapshotRequest {
        SnapshotRequest(replicaID: replica.hex, scope: scope)
    }

    /// Reads every entry of a snapshot body.
    static func read(_ bytes: [UInt8]) throws -> (SnapshotHeader, [SnapshotEntry]) {
        var sent = false
        let reader = try SnapshotReader {
            defer { sent = true }
            return sent ? nil : bytes
        }
        var entries: [SnapshotEntry] = []
        while let entry = try reader.next() { entries.append(entry) }
        return (reader.header, entries)
    }

    @Test(arguments: ServerMode.allCases)
    func aDepartmentTokenGetsItsDepartmentAndSharedOnly(mode: ServerMode) async throws {
        let node = try await Self.populatedNode()
        let token = try node.token(department: "AUTO")
        let response = try await node.withClient(mode) { client in
            try await client.post(Self.path, bytes: JSON.bytes(Self.request("AUTO")), token: token)
        }
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == SnapshotFormat.mediaType)
        let (header, entries) = try Self.read(response.bytes)
        let auto = ReplicaScope.department(try .department("AUTO"))
        let expected = try node.store.allChanges().filter { auto.holds($0.id.scope) }
        #expect(header.sharedScope == auto)
        #expect(header.vector == (try node.store.versionVector(filter: auto)))
        // In the node's storage order: the department's rows and shared's, merged (shared ones fall between).
        #expect(entries.map(\.change) == expected)
        #expect(entries.count == 40 + 2 + 15)
        #expect(!entries.contains { $0.change.id.scope.name == "MATH" })
    }

    @Test(arguments: ServerMode.allCases)
    func scopesMeetAsInAPull(mode: ServerMode) async throws {
        let node = try await Self.populatedNode()
        let central = try node.token(.central)
        let auto = try node.token(department: "AUTO")
        let (everything, math, forbidden) = try await node.withClient(mode) { client in
            (try await client.post(Self.path, bytes: JSON.bytes(Self.request("*")), token: central),
             try await client.post(Self.path, bytes: JSON.bytes(Self.request("MATH")), token: central),
             try await client.post(Self.path, bytes: JSON.bytes(Self.request("MATH")), token: auto))
        }
        #expect(try Self.read(everything.bytes).1.count == (try node.store.changeCount()))
        let (mathHeader, mathEntries) = try Self.read(math.bytes)
        #expect(mathHeader.sharedScope == .department(try .department("MATH")))
        #expect(mathEntries.count == 25 + 2)
        expectRefusal(forbidden, .forbidden, "forbidden_scope")
    }

    @Test func aSecondRequestIsServedFromTheCacheUntilTheVectorMoves() async throws {
        let node = try await Self.populatedNode()
        let token = try node.token(department: "AUTO")
        let cache = try #require(node.server.snapshots)
        let (first, second) = try await node.withClient(.live) { client in
            (try await client.post(Self.path, bytes: JSON.bytes(Self.request("AUTO")), token: token),
             try await client.post(Self.path, bytes: JSON.bytes(Self.request("AUTO")), token: token))
        }
        #expect(await cache.builds == 1)
        #expect(first.bytes == second.bytes)
        #expect(first.headers[.eTag] == second.headers[.eTag])
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.directory)
        #expect(files.count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: cache.directory + "/" + files[0])[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A new change moves the vector: the next request builds a new snapshot, which replaces the old file.
        try node.writeGraduates(["2020999"], in: "AUTO")
        let third = try await node.withClient(.live) { client in
            try await client.post(Self.path, bytes: JSON.bytes(Self.request("AUTO")), token: token)
        }
        #expect(await cache.builds == 2)
        #expect(third.headers[.eTag] != first.headers[.eTag])
        #expect(try Self.read(third.bytes).1.count == 40 + 2 + 15 + 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory).count == 1)
        // Another scope has a file of its own beside it.
        let central = try node.token(.central)
        _ = try await node.withClient(.router) { client in try await client.post(Self.path, bytes: JSON.bytes(Self.request("*")), token: central) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory).count == 2)
    }

    @Test func concurrentRequestsForOneScopeAndVectorBuildOnce() async throws {
        let node = try await Self.populatedNode()
        let token = try node.token(department: "AUTO")
        let bodies = try await node.withClient(.live) { client in
            try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<6 {
                    group.addTask { try await client.post(Self.path, bytes: JSON.bytes(Self.request("AUTO")), token: token).bytes }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(Set(bodies).count == 1)
        #expect(await node.server.snapshots?.builds == 1)
    }

    @Test func buildsOfDifferentScopesTakeTurnsBeyondTheLimit() async throws {
        let node = try CentralNode()
        let peer = ForeignReplica()
        for department in ["AUTO", "MATH", "CS"] { _ = try node.store.apply(peer.changes(department, 1...3_000)) }
        let cache = SnapshotCache(store: node.store, maxConcurrentBuilds: 1)
        let scopes: [ReplicaScope] = [.central, .sharedOnly] + (try ["AUTO", "MATH", "CS"].map { .department(try .department($0)) })
        let files = try await withThrowingTaskGroup(of: SnapshotFile.self) { group in
            for scope in scopes { group.addTask { try await cache.snapshot(of: scope) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(files.map(\.name)).count == scopes.count)
        #expect(await cache.builds == scopes.count)
        #expect(await cache.peakConcurrentBuilds == 1)
    }

    @Test func partialFilesOfAnEndedProcessAreRemovedAndOthersKept() async throws {
        let node = try CentralNode()
        let directory = try #require(node.server.snapshots).directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let abandoned = ".building-\(ended.processIdentifier)-A"
        let ours = ".building-\(getpid())-B"
        for name in [abandoned, ours, "central.1.0123456789abcdef.gss"] {
            #expect(FileManager.default.createFile(atPath: directory + "/" + name, contents: Data([1])))
        }
        _ = SnapshotCache(store: node.store)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory)) == [ours, "central.1.0123456789abcdef.gss"])
    }

    /// The log is read from one read transaction, which under WAL holds no lock a writer needs: a push made while
    /// the snapshot is being written is applied at once, and the snapshot is of the log as it was when it began.
    @Test func aPushWhileTheLogIsReadSucceedsAndIsNotInThatSnapshot() async throws {
        let node = try await Self.populatedNode()
        let token = try node.token(.central)
        let peer = ForeignReplica()
        let before = try node.store.changeCount()
        let pushed = try await node.withClient(.live) { client in
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Int, Int, Int), any Error>) in
                DispatchQueue.global().async {
                    continuation.resume(with: Result {
                        var read = 0
                        var status = 0
                        var streamed = 0
                        try node.store.readScopeLog(filter: .central) { tips in
                            streamed = Int(tips.reduce(0) { $0 + $1.seq })
                        } each: { _, _, _ in
                            read += 1
                            guard read == 1 else { return }
                            // Halfway through the read, a push over HTTP must complete (it waits 30 s for a lock at most).
                            let done = DispatchSemaphore(value: 0)
                            let result = Mutex(0)
                            Task {
                                let response = try? await client.post(.push, peer.push(peer.changes("MATH", 1...3)), token: token)
                                result.withLock { $0 = Int(response?.status.code ?? 0) }
                                done.signal()
                            }
                            #expect(done.wait(timeout: .now() + 20) == .success, "the push waited on the snapshot's read")
                            status = result.withLock { $0 }
                        }
                        return (status, read, streamed)
                    })
                }
            }
        }
        #expect(pushed.0 == 200)
        #expect(pushed.1 == before)
        #expect(pushed.2 == before)
        #expect(try node.store.changeCount() == before + 3)
    }

    @Test(arguments: ServerMode.allCases)
    func badRequestsAreRefusedWithTheirCode(mode: ServerMode) async throws {
        let node = try await Self.populatedNode()
        let token = try node.token(department: "AUTO")
        let claimed = ReplicaID.random()
        let responses = try await node.withClient(mode) { client in
            _ = try await client.post(.handshake, ForeignReplica(id: claimed).handshake(scope: "AUTO"), token: try node.token(department: "AUTO"))
            return [
                try await client.post(Self.path, bytes: JSON.bytes(Self.request("AUTO")), token: nil),
                try await client.post(Self.path, bytes: Array("{\"protocol\":1".utf8), token: token),
                try await client.post(Self.path, bytes: JSON.bytes(SnapshotRequest(replicaID: "xyz", scope: "AUTO")), token: token),
                try await client.post(Self.path, bytes: JSON.bytes(SnapshotRequest(protocolVersion: 99, replicaID: ReplicaID.random().hex, scope: "AUTO")),
                                      token: token),
                try await client.post(Self.path, bytes: JSON.bytes(Self.request("no way")), token: token),
                try await client.post(Self.path, bytes: JSON.bytes(Self.request("AUTO", replica: claimed)), token: token),
                try await client.executeRequest(uri: Self.path, method: .get, headers: [.authorization: "Bearer \(token)"], body: nil),
            ]
        }
        expectRefusal(responses[0], .unauthorized, "unauthorized")
        expectRefusal(responses[1], .badRequest, "bad_request")
        expectRefusal(responses[2], .badRequest, "bad_request")
        expectRefusal(responses[3], .badRequest, "unsupported_protocol")
        expectRefusal(responses[4], .badRequest, "bad_request")
        expectRefusal(responses[5], .forbidden, "replica_claimed")
        expectRefusal(responses[6], .methodNotAllowed, "method_not_allowed")
        // Nothing was built for any of them.
        #expect(await node.server.snapshots?.builds == 0)
    }

    @Test(arguments: ServerMode.allCases, [true, false])
    func theHandshakeAdvertisesSnapshotsOnlyWhenServed(mode: ServerMode, served: Bool) async throws {
        let node = try CentralNode(snapshots: served)
        let token = try node.token(department: "AUTO")
        let (handshake, snapshot) = try await node.withClient(mode) { client in
            (try await client.post(.handshake, ForeignReplica().handshake(scope: "AUTO"), token: token),
             try await client.post(Self.path, bytes: JSON.bytes(Self.request("AUTO")), token: token))
        }
        #expect(try handshake.decode(HandshakeResponse.self).snapshotMinChanges == (served ? SyncEndpoints.defaultSnapshotMinChanges : nil))
        if served {
            #expect(snapshot.status == .ok)
            #expect(try Self.read(snapshot.bytes).0.changeCount == 0)
        } else {
            expectRefusal(snapshot, .notFound, "not_found")
        }
    }

    @Test(arguments: ServerMode.allCases)
    func anInterruptedDownloadResumesFromItsOffsetWhileItsFileIsKept(mode: ServerMode) async throws {
        let node = try await Self.populatedNode()
        let token = try node.token(department: "AUTO")
        let body = JSON.bytes(Self.request("AUTO"))
        let whole = try await node.withClient(mode) { client in try await client.post(Self.path, bytes: body, token: token) }
        let etag = try #require(whole.headers[.eTag])
        #expect(whole.headers[.acceptRanges] == "bytes")
        try node.writeGraduates(["2020999"], in: "AUTO")
        let (rest, stale, newer) = try await node.withClient(mode) { client in
            (try await client.post(Self.path, bytes: body, token: token, headers: [.range: "bytes=100-", .ifRange: etag]),
             try await client.post(Self.path, bytes: body, token: token, headers: [.range: "bytes=100-", .ifRange: "\"central.1.0123456789abcdef.gss\""]),
             try await client.post(Self.path, bytes: body, token: token))
        }
        // The download begun before the new change resumes from the same file.
        #expect(rest.status == .partialContent)
        #expect(rest.headers[.contentRange] == "bytes 100-\(whole.bytes.count - 1)/\(whole.bytes.count)")
        #expect(rest.bytes == Array(whole.bytes[100...]))
        // A name that is not a snapshot of this scope gets the current snapshot, whole.
        #expect(stale.status == .ok)
        #expect(try Self.read(stale.bytes).1.count == 40 + 2 + 15 + 1)
        // Once a newer snapshot has replaced the old file, resuming the old one gets the new one whole.
        #expect(newer.headers[.eTag] != etag)
        let afterReplacement = try await node.withClient(mode) { client in
            try await client.post(Self.path, bytes: body, token: token, headers: [.range: "bytes=100-", .ifRange: etag])
        }
        #expect(afterReplacement.status == .ok)
        #expect(afterReplacement.bytes == newer.bytes)
    }
}
