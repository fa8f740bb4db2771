import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// Ready-made replicas and their plain-SQLite twins holding the same field rows.
public enum Fixtures {
    /// The department every fixture fills.
    public static let department = "AUTO"

    public static var departmentScope: Scope { try! Scope.department(department) }

    /// A stamp a month ago, so generated history is older than anything written during a run.
    public static var monthAgo: HLCTimestamp {
        HLCTimestamp(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000) - 30 * 86_400_000)
    }

    /// Change pages of `graduates` generated graduates of `generator`, from `origin`, at most `pageSize` changes a page.
    ///
    /// Pages are made one at a time, so memory stays bounded however many graduates there are.
    public static func pages(of generator: GraduateGenerator, graduates range: Range<Int>, origin: ReplicaID,
                             firstSeq: UInt64 = 1, firstStamp: HLCTimestamp = monthAgo, pageSize: Int = 5_000) -> ChangePages {
        ChangePages(generator: generator, range: range, origin: origin, seq: firstSeq, stamp: firstStamp, pageSize: pageSize)
    }

    /// The field rows a change page leaves in the materialised state, for the baselines.
    public static func fieldRows(_ changes: [Change]) -> [FieldRow] {
        changes.map { change in
            FieldRow(scope: change.id.scope.name, collection: change.collection, key: change.key, field: change.field,
                     value: change.value.canonicalJSON, hlc: Int64(bitPattern: change.hlc.rawValue))
        }
    }
}

/// Generated change pages, in storage order: each graduate's fields together, seqs without gaps.
public struct ChangePages: Sequence, IteratorProtocol {
    let generator: GraduateGenerator
    var range: Range<Int>
    let origin: ReplicaID
    var seq: UInt64
    var stamp: HLCTimestamp
    let pageSize: Int
    var carry: [Change] = []

    public mutating func next() -> [Change]? {
        var page = carry
        carry = []
        while page.count < pageSize, let index = range.first {
            range = range.dropFirst()
            let changes = generator.changes(index, origin: origin, scope: try! Scope.department(generator.department),
                                            firstSeq: seq, firstStamp: stamp)
            seq += UInt64(changes.count)
            stamp = HLCTimestamp(rawValue: stamp.rawValue + UInt64(changes.count))
            page += changes
        }
        if page.count > pageSize {
            carry = Array(page[pageSize...])
            page = Array(page[..<pageSize])
        }
        return page.isEmpty ? nil : page
    }

    /// The next seq and stamp after the pages made so far (for appending more history to the same stream).
    public var nextSeq: UInt64 { seq - UInt64(carry.count) }
}

extension ReplicaStore {
    /// A department replica in `directory` holding `graduates` generated graduates from another laptop of the department.
    ///
    /// With `signedBy`, each page comes with the tip the origin signed at its end, which the replica stores as a node
    /// does a pushed page's (the caller binds the key, `claimReplicaKey`, to serve the tips again).
    public static func benchmarkReplica(at path: String, graduates: Int, department: String = Fixtures.department,
                                        validator: any ChangeValidator = PlacementValidator(),
                                        signedBy key: ReplicaKey? = nil) throws -> (ReplicaStore, origin: ReplicaID) {
        let scope = try Scope.department(department)
        let store = try ReplicaStore.create(at: path, scope: .department(scope), options: .init(validator: validator))
        let origin = ReplicaID.random()
        var chain = StreamChain.genesis
        for page in Fixtures.pages(of: GraduateGenerator(department: department, departmentNumber: 1), graduates: 0..<graduates, origin: origin) {
            guard let key else {
                try store.apply(page)
                continue
            }
            for change in page { chain.extend(contentHash: change.contentHash) }
            let last = page.last!.id
            let tip = SignedTip(signing: last.stream, seq: last.seq, chain: chain, with: key)
            try store.apply(page, proofs: OriginProofs(keyedOrigins: [origin], tips: [last.stream: tip]))
        }
        return (store, origin)
    }
}
