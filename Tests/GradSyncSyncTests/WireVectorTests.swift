import GradSyncCore
import GradSyncSync
import Testing

@Suite struct WireVectorTests {
    let origin = ReplicaID(hex: "0123456789abcdef0123456789abcdef")!

    @Test func tipHashIsTakenAsItComes() throws {
        // A malformed hash is not a malformed vector: it is compared with the tip held, where it differs (a fork).
        for hash in ["", "xyz", String(repeating: "g", count: 64), String(repeating: "0", count: 63)] {
            let entry = WireVectorEntry(origin: origin.hex, scope: "AUTO", seq: 1, hash: hash)
            #expect(try VersionVector(wire: [entry])[StreamKey(origin: origin, scope: try Scope("AUTO"))] == 1)
            #expect(wireTips([entry]) == [ChangeID(origin: origin, scope: try Scope("AUTO"), seq: 1): hash.lowercased()])
        }
        // On an entry of seq 0 the hash is ignored: there is no tip to compare.
        #expect(wireTips([WireVectorEntry(origin: origin.hex, scope: "AUTO", seq: 0, hash: "xyz")]).isEmpty)
        #expect(throws: WireFormatError.self) { try VersionVector(wire: [WireVectorEntry(origin: "xyz", scope: "AUTO", seq: 1)]) }
    }
}
