import GradSyncCore
import GradSyncStore
import GradSyncSync
import HummingbirdTesting
import Testing

/// Pages sent twice, forked streams and clocks that are wrong.
@Suite struct ReplayTests {
    @Test(arguments: ServerMode.allCases)
    func pushingTheSamePageTwiceAppliesItOnce(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let page = peer.push(peer.changes("AUTO", 1...5))
        try await node.withClient(mode) { client in
            let first = try await client.post(.push, page, token: token).decode(PushResponse.self)
            #expect((first.applied, first.duplicates, first.dropped) == (5, 0, 0))
            let state = try node.store.snapshot()
            let second = try await client.post(.push, page, token: token).decode(PushResponse.self)
            #expect((second.applied, second.duplicates, second.dropped) == (0, 5, 0))
            #expect(try node.store.snapshot() == state)
        }
    }

    @Test(arguments: ServerMode.allCases)
    func pageThatSkipsAheadOfItsStreamIsDroppedNotStored(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let before = try node.store.snapshot()
        let result = try await node.withClient(mode) { client in
            try await client.post(.push, peer.push(peer.changes("AUTO", 3...4)), token: token).decode(PushResponse.self)
        }
        #expect((result.applied, result.dropped) == (0, 2))
        #expect(try node.store.snapshot() == before)
    }

    @Test(arguments: ServerMode.allCases)
    func forkedStreamIsRefusedNamingTheOriginAndAppliesNothing(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        try await node.withClient(mode) { client in
            _ = try await client.post(.push, peer.push(peer.changes("AUTO", 1...3)), token: token).decode(PushResponse.self)
            let state = try node.store.snapshot()
            // A copy of the replica directory wrote its own seq 3, then went on to seq 4.
            let fork = [peer.change("AUTO", seq: 3, key: "2020003", value: .string("copy")), peer.change("AUTO", seq: 4)]
            let refusal = expectRefusal(try await client.post(.push, peer.push(fork), token: token), .conflict, "replica_fork")
            #expect(refusal?.message.contains(peer.id.hex) == true)
            #expect(try node.store.snapshot() == state)
            // New changes before the forked one in the same page are not applied either.
            let mixed = [peer.change("AUTO", seq: 4), peer.change("AUTO", seq: 2, value: .string("copy"))]
            expectRefusal(try await client.post(.push, peer.push(mixed), token: token), .conflict, "replica_fork")
            #expect(try node.store.snapshot() == state)
        }
        let health = try node.store.health.clientHealth().first { $0.replicaID == peer.id.hex }
        #expect(health?.lastErrorCode == "replica_fork")
    }

    @Test(arguments: ServerMode.allCases)
    func handshakeNamingATipHeldWithOtherContentIsAFork(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let held = peer.changes("AUTO", 1...3)
        // A copy of the replica directory wrote its own seq 3: both copies say seq 3, so only the tip's hash tells them apart.
        let copy = peer.change("AUTO", seq: 3, key: "2020003", value: .string("copy"))
        @Sendable func hello(seq: UInt64, hash: String?) -> HandshakeRequest {
            HandshakeRequest(replicaID: peer.id.hex, scope: "AUTO", vector: [WireVectorEntry(origin: peer.id.hex, scope: "AUTO", seq: seq, hash: hash)],
                             clockMilliseconds: peer.milliseconds)
        }
        try await node.withClient(mode) { client in
            _ = try await client.post(.push, peer.push(held), token: token).decode(PushResponse.self)
            let refusal = expectRefusal(try await client.post(.handshake, hello(seq: 3, hash: copy.contentHash), token: token),
                                        .conflict, "replica_fork")
            #expect(refusal?.message.contains(peer.id.hex) == true)
            // A malformed hash is taken as it comes (SPEC.md 5.1): for a tip the node holds, it is a fork too.
            for malformed in ["", "not a hash", String(held[2].contentHash.dropLast())] {
                expectRefusal(try await client.post(.handshake, hello(seq: 3, hash: malformed), token: token), .conflict, "replica_fork")
            }
            // The held tip's hash (in either case), no hash, a tip the node does not hold (malformed or not), or any
            // hash on an entry of seq 0 is no fork.
            for request in [hello(seq: 3, hash: held[2].contentHash), hello(seq: 3, hash: held[2].contentHash.uppercased()),
                            hello(seq: 3, hash: nil), hello(seq: 9, hash: copy.contentHash), hello(seq: 9, hash: "not a hash"),
                            hello(seq: 0, hash: "not a hash")] {
                let answer = try await client.post(.handshake, request, token: token).decode(HandshakeResponse.self)
                #expect(answer.vector.first?.hash == held[2].contentHash)
            }
            // A pull request's tip hashes are not read at all.
            var pull = peer.pull(scope: "AUTO")
            pull.vector = [WireVectorEntry(origin: peer.id.hex, scope: "AUTO", seq: 3, hash: "not a hash")]
            let page = try await client.post(.pull, pull, token: token).decode(PullResponse.self)
            #expect(page.changes.isEmpty && !page.hasMore)
        }
    }

    @Test(arguments: ServerMode.allCases)
    func handshakeForkNamesTheClientAndTheStreamThatForked(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let writer = ForeignReplica()
        let relay = ForeignReplica()
        try await node.withClient(mode) { client in
            _ = try await client.post(.push, writer.push(writer.changes("AUTO", 1...2)), token: token).decode(PushResponse.self)
            // The relay holds the writer's stream from a copy of the writer that wrote its own seq 2.
            let copy = writer.change("AUTO", seq: 2, key: "2020002", value: .string("copy"))
            let hello = HandshakeRequest(replicaID: relay.id.hex, scope: "AUTO",
                                         vector: [WireVectorEntry(origin: writer.id.hex, scope: "AUTO", seq: 2, hash: copy.contentHash)],
                                         clockMilliseconds: relay.milliseconds)
            let refusal = expectRefusal(try await client.post(.handshake, hello, token: token), .conflict, "replica_fork")
            // The message names the replica whose handshake it was as well as the stream that forked.
            let message = refusal?.message ?? ""
            #expect(message.contains(relay.id.hex) && message.contains(writer.id.hex))
        }
    }

    @Test(arguments: ServerMode.allCases)
    func farFutureStampsAreAcceptedAndRecordedAsClockSuspects(mode: ServerMode) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let eightHours: UInt64 = 8 * 3_600_000
        let ahead = node.clock.now() + eightHours
        let changes = (1...3).map { peer.change("AUTO", seq: UInt64($0), key: "20200\($0)", stampMilliseconds: ahead) }
        let result = try await node.withClient(mode) { client in
            try await client.post(.push, peer.push(changes), token: token).decode(PushResponse.self)
        }
        #expect(result.applied == 3)
        let suspects = try node.store.clockSuspects()
        #expect(suspects.map(\.origin) == [peer.id])
        #expect(suspects.first?.aheadMilliseconds == eightHours)
    }

    @Test(arguments: ServerMode.allCases, [8 * 3_600_000, -8 * 3_600_000] as [Int64])
    func handshakeWithAClockEightHoursOffIsWarned(mode: ServerMode, offset: Int64) async throws {
        let node = try CentralNode()
        let token = try node.token(department: "AUTO")
        let peer = ForeignReplica()
        let clock = UInt64(Int64(node.clock.now()) + offset)
        let (off, onTime) = try await node.withClient(mode) { client in
            (try await client.post(.handshake, peer.handshake(scope: "AUTO", clock: clock), token: token).decode(HandshakeResponse.self),
             try await client.post(.handshake, peer.handshake(scope: "AUTO", clock: node.clock.now() + 1_000), token: token)
                .decode(HandshakeResponse.self))
        }
        #expect(off.warnings.map(\.code) == ["clock_suspect"])
        #expect(off.warnings.first?.message.contains("480.0 minutes \(offset > 0 ? "ahead of" : "behind")") == true)
        #expect(onTime.warnings.isEmpty)
    }
}
