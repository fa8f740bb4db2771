import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// The async forms the node and the sync client call read and write exactly what their blocking twins do.
@Suite struct AsyncFormsTests {
    let replicas: TestReplicas

    init() throws {
        replicas = try TestReplicas()
    }

    @Test func changesAsyncLeavesSharedOutWhenAskedAsTheBlockingFormDoes() async throws {
        let central = try replicas.make("central", scope: .central)
        try central.write(RecordID(scope: .shared, collection: "department", key: "AUTO"), fields: ["name": .string("自动化学院")],
                          mode: .create, author: "office")
        try central.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "office")
        let filter = ReplicaScope.department(try Scope.department("AUTO"))
        let withShared = try await central.changesAsync(missingFrom: VersionVector(), filter: filter, limit: 100)
        let withoutShared = try await central.changesAsync(missingFrom: VersionVector(), filter: filter, limit: 100, includeShared: false)
        #expect(withShared.changes.contains { $0.id.scope.isShared })
        #expect(!withoutShared.changes.isEmpty)
        #expect(withoutShared.changes.map(\.id) == withShared.changes.filter { !$0.id.scope.isShared }.map(\.id))
        let blocking = try central.changes(missingFrom: VersionVector(), filter: filter, limit: 100, includeShared: false)
        #expect(withoutShared.changes.map(\.id) == blocking.changes.map(\.id))
        #expect(withoutShared.contentHashes == blocking.contentHashes)
    }

    @Test func peerSyncRecordedFromAsyncCodeReadsBackAsTheBlockingFormWritesIt() async throws {
        let laptop = try replicas.department("laptop", "AUTO")
        let other = try replicas.department("other", "AUTO")
        try other.write(.graduate("2020001", in: "AUTO"), fields: ["name": .string("张三")], mode: .create, author: "sec")
        let vector = try other.versionVector()
        try await laptop.health.recordPeerSyncAsync(url: "https://async.example", vector: vector, succeeded: true, errorCode: nil,
                                                    clockOffsetMilliseconds: 42)
        try laptop.health.recordPeerSync(url: "https://blocking.example", vector: vector, succeeded: true, errorCode: nil,
                                         clockOffsetMilliseconds: 42)
        let viaAsync = try #require(try laptop.health.peerState(url: "https://async.example"))
        let viaBlocking = try #require(try laptop.health.peerState(url: "https://blocking.example"))
        #expect(viaAsync.vector == vector)
        #expect(viaAsync.lastSyncMilliseconds == replicas.clock.now())
        #expect(viaAsync.clockOffsetMilliseconds == 42)
        var renamed = viaBlocking
        renamed.url = viaAsync.url
        #expect(renamed == viaAsync)

        // A failed attempt keeps the last success, the known vector and the offset, and records its code.
        replicas.clock.advance(by: 60_000)
        try await laptop.health.recordPeerSyncAsync(url: "https://async.example", vector: nil, succeeded: false,
                                                    errorCode: "unreachable", clockOffsetMilliseconds: nil)
        let failed = try #require(try laptop.health.peerState(url: "https://async.example"))
        #expect(failed.lastError == "unreachable")
        #expect(failed.vector == vector)
        #expect(failed.lastSyncMilliseconds == viaAsync.lastSyncMilliseconds)
        #expect(failed.lastAttemptMilliseconds == replicas.clock.now())
        #expect(failed.clockOffsetMilliseconds == 42)
    }

    @Test func tokenListFromAsyncCodeIsTheBlockingList() async throws {
        let node = try replicas.make("node", scope: .central)
        let office = try node.tokens.issue(scope: .central, label: "office").info
        replicas.clock.advance(by: 1_000)
        let auto = try node.tokens.issue(scope: .department(try Scope.department("AUTO")), label: "auto").info
        try node.tokens.revoke(id: office.id)
        let listed = try await node.tokens.allAsync()
        #expect(listed == (try node.tokens.all()))
        #expect(listed.map(\.id) == [auto.id, office.id])
        #expect(listed.last?.revokedAtMilliseconds == replicas.clock.now())
    }
}
