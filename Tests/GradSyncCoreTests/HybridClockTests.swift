import GradSyncCore
import PropertyBased
import Testing

@Suite struct HybridClockTests {
    let rule = HybridClockRule(maxDriftMilliseconds: 600_000)

    @Test func stampFollowsWallClockWhenItIsAhead() {
        let stamp = rule.stamp(wallMilliseconds: 5_000, lastIssued: HLCTimestamp(milliseconds: 4_000, counter: 7), highestBase: nil)
        #expect(stamp == HLCTimestamp(milliseconds: 5_000, counter: 1))
    }

    @Test func stampStaysMonotonicWhenWallClockStepsBack() {
        let last = HLCTimestamp(milliseconds: 9_000, counter: 3)
        let stamp = rule.stamp(wallMilliseconds: 1_000, lastIssued: last, highestBase: nil)
        #expect(stamp > last)
        #expect(stamp == HLCTimestamp(milliseconds: 9_000, counter: 4))
    }

    @Test func counterOverflowCarriesIntoMilliseconds() {
        let last = HLCTimestamp(milliseconds: 9_000, counter: .max)
        let stamp = rule.stamp(wallMilliseconds: 1_000, lastIssued: last, highestBase: nil)
        #expect(stamp == HLCTimestamp(milliseconds: 9_001, counter: 0))
    }

    @Test func baseAheadWithinDriftIsFollowed() {
        let base = HLCTimestamp(milliseconds: 60_000, counter: 2)
        let stamp = rule.stamp(wallMilliseconds: 1_000, lastIssued: .zero, highestBase: base)
        #expect(stamp == base.successor)
    }

    @Test func farFutureBaseDoesNotDragClockPastDrift() {
        let wall: UInt64 = 1_000_000
        let base = HLCTimestamp(milliseconds: wall + 8 * 3_600_000)
        let stamp = rule.stamp(wallMilliseconds: wall, lastIssued: .zero, highestBase: base)
        #expect(stamp.milliseconds <= wall + rule.maxDriftMilliseconds + 1)
        #expect(stamp < base)
    }

    @Test func suspectAmountReportsOnlyStampsBeyondDrift() {
        #expect(rule.suspectAmount(of: HLCTimestamp(milliseconds: 1_000 + 600_000), wallMilliseconds: 1_000) == nil)
        #expect(rule.suspectAmount(of: HLCTimestamp(milliseconds: 1_000 + 600_001), wallMilliseconds: 1_000) == 600_001)
    }

    @Test func stampsAreStrictlyIncreasingWhateverTheWallClockDoes() async {
        await propertyCheck(input: Gen.uint64(in: 0...10_000_000).array(of: 1...50)) { walls in
            var last = HLCTimestamp.zero
            for wall in walls {
                let next = rule.stamp(wallMilliseconds: wall, lastIssued: last, highestBase: nil)
                #expect(next > last)
                last = next
            }
        }
    }
}
