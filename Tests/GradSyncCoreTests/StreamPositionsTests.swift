import GradSyncCore
import Testing

/// Streams numbered as they were added, found again by key, the last one without hashing.
@Suite struct StreamPositionsTests {
    @Test func streamsAreFoundAtThePositionTheyWereAddedAtAndAddedOnce() throws {
        let origin = ReplicaID.random(), other = ReplicaID.random()
        let auto = StreamKey(origin: origin, scope: try .department("AUTO"))
        let shared = StreamKey(origin: origin, scope: .shared)
        let elsewhere = StreamKey(origin: other, scope: try .department("AUTO"))
        var positions = StreamPositions()
        let added = [positions.add(auto), positions.add(shared), positions.add(auto)]
        #expect(added == [true, true, false])
        #expect(positions.count == 2)
        // Looked up again and again, and in turns, each stays where it was added.
        for key in [auto, auto, shared, auto, shared, shared] {
            let found = positions.position(of: key)
            #expect(found == (key == auto ? 0 : 1))
        }
        let unknown = positions.position(of: elsewhere)
        #expect(unknown == nil)
        let again = positions.position(of: shared)
        #expect(again == 1)
    }
}
