import GradSyncCore
import GradSyncSync
import Testing

@Suite struct WireVectorTests {
    let origin = ReplicaID(hex: "0123456789abcdef0123456789abcdef")!

    @Test func malformedTipHashIsABadRequestNotAFork() {
        for hash in ["xyz", String(repeating: "g", count: 64), String(repeating: "0", count: 63)] {
            #expect(throws: WireFormatError.self) {
                try VersionVector(wire: [WireVectorEntry(origin: origin.hex, scope: "AUTO", seq: 1, hash: hash)])
            }
        }
        let fine = WireVectorEntry(origin: origin.hex, scope: "AUTO", seq: 1, hash: String(repeating: "0", count: 64))
        #expect((try? VersionVector(wire: [fine]))?[StreamKey(origin: origin, scope: try! Scope("AUTO"))] == 1)
    }
}
