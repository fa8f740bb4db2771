import BenchSupport
import Benchmark
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// Changes per applied page: the protocol's largest page.
let applyPageSize = 5_000
/// Pages made ready before measuring; each iteration applies the next one, so the replica grows as it would.
let applyPages = 24

/// A fresh department replica and its plain twin, with remote pages of new graduates ready to apply.
final class ApplyFixture: @unchecked Sendable {
    // Used by one benchmark at a time, from the benchmark's own thread.
    let directory: TemporaryDirectory
    let store: ReplicaStore
    let plain: PlainFieldTable
    let pages: [[Change]]
    let rows: [[FieldRow]]
    /// Each page's content hashes, as a node holds them from the wire.
    let hashes: [[String]]
    /// Each page's proof as a node that bound the origin's key has it: the tip the origin signed at the page's end.
    let proofs: [OriginProofs]
    /// The origin's public key, once a page (the node reads it with the page).
    let publicKeys: [String]
    var next = 0

    init() throws {
        directory = try TemporaryDirectory()
        store = try ReplicaStore.create(at: directory.file("replica.sqlite"), scope: .department(Fixtures.departmentScope),
                                        options: .init(validator: PlacementValidator()))
        plain = try PlainFieldTable(path: directory.file("plain.sqlite"))
        let generator = GraduateGenerator(department: Fixtures.department, departmentNumber: 1)
        let origin = ReplicaID.random()
        pages = Array(Fixtures.pages(of: generator, graduates: 0..<20_000, origin: origin, pageSize: applyPageSize).prefix(applyPages))
        rows = pages.map(Fixtures.fieldRows)
        hashes = pages.map { $0.map(\.contentHash) }
        let key = ReplicaKey.generate()
        var chain = StreamChain.genesis
        var proofs: [OriginProofs] = []
        for (page, pageHashes) in zip(pages, hashes) {
            for hash in pageHashes { chain.extend(contentHash: hash) }
            let last = page.last!.id
            let tip = SignedTip(signing: last.stream, seq: last.seq, chain: chain, with: key)
            proofs.append(OriginProofs(keyedOrigins: [origin], tips: [last.stream: tip]))
        }
        self.proofs = proofs
        publicKeys = Array(repeating: key.publicKeyHex, count: pages.count)
    }

    func nextPage() -> Int {
        defer { next += 1 }
        return next % applyPages
    }

    deinit { directory.remove() }
}

nonisolated(unsafe) var applyFixture: ApplyFixture?

func applyBenchmarks() {
    let setup: @Sendable () async throws -> Void = { applyFixture = try ApplyFixture() }
    let teardown: @Sendable () async throws -> Void = { applyFixture = nil }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .peakMemoryResident], timeUnits: .milliseconds,
        warmupIterations: 0, maxDuration: .seconds(20), maxIterations: applyPages)

    Benchmark("apply a page of 5,000 remote changes", configuration: configuration, closure: { _ in
        let fixture = applyFixture!
        let result = try fixture.store.apply(fixture.pages[fixture.nextPage()])
        precondition(result.applied == applyPageSize, "every change of a new page is applied")
    }, setup: setup, teardown: teardown)

    // The node's path (hashes from the wire), without and with the proof of a keyed origin: the cost of signed
    // stream tips to applying a page is the ratio of the two.
    Benchmark("apply a page of 5,000 remote changes, hashes from the wire", configuration: configuration, closure: { _ in
        let fixture = applyFixture!
        let page = fixture.nextPage()
        let result = try await fixture.store.applyAsync(fixture.pages[page], contentHashes: fixture.hashes[page])
        precondition(result.applied == applyPageSize, "every change of a new page is applied")
    }, setup: setup, teardown: teardown)

    Benchmark("apply a page of 5,000 remote changes, hashes from the wire, origin keyed with its signed tip", configuration: configuration,
              closure: { _ in
        let fixture = applyFixture!
        let page = fixture.nextPage()
        let tip = fixture.proofs[page].tips.values.first!
        precondition(tip.verifies(publicKeyHex: fixture.publicKeys[page]), "the node checks the tip's signature")
        let result = try await fixture.store.applyAsync(fixture.pages[page], contentHashes: fixture.hashes[page], proofs: fixture.proofs[page])
        precondition(result.applied == applyPageSize, "every change of a new page is applied, proven by its tip")
    }, setup: setup, teardown: teardown)

    // A replica's pull path with the page's tip and its origin's key (SPEC 7): the key pinned at the first page and
    // compared after, the tip's signature and its chain checked, the tip stored. The ratio to "hashes from the wire" is
    // the cost of tips to applying a pulled page.
    Benchmark("apply a pulled page of 5,000 remote changes with its stream tip and its origin's key", configuration: configuration,
              closure: { _ in
        let fixture = applyFixture!
        let page = fixture.nextPage()
        let tip = fixture.proofs[page].tips.values.first!
        let key = ReplicaKeyBinding(replicaID: tip.stream.origin.hex, publicKey: fixture.publicKeys[page], scope: Fixtures.department,
                                    tokenID: "", tokenLabel: "laptop", boundAtMilliseconds: 1, lastVerifiedMilliseconds: 0)
        let result = try await fixture.store.applyPulled(fixture.pages[page], contentHashes: fixture.hashes[page], tips: [tip], keys: [key],
                                                         from: "http://node")
        precondition(result.applied == applyPageSize, "every change of a new page is applied")
    }, setup: setup, teardown: teardown)

    Benchmark("apply a page of 5,000 remote changes — plain SQLite LWW upsert", configuration: configuration, closure: { _ in
        let fixture = applyFixture!
        try fixture.plain.upsert(fixture.rows[fixture.nextPage()])
    }, setup: setup, teardown: teardown)
}
