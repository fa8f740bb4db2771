import BenchSupport
import Foundation
import GradSyncCore

/// `bench-sync --rounds N`: a fresh laptop bootstrapping, and plain SQLite inserting the same field rows once, N times
/// in alternating order; first with the snapshot already built (as a node keeping its snapshots fresh mostly has it),
/// then with the node's snapshots removed before each round, so that it builds one on request. On a shared machine
/// one pair of figures swings by a third either way, so a single run's ratio says little; each round's ratio is kept,
/// with their median, and the ratio of the fastest bootstrap to the fastest plain insert (each side treated alike:
/// its least disturbed run).
struct BootstrapRounds: Codable {
    /// Whether the node had the snapshot built before each round.
    var snapshotBuilt: Bool
    var bootstrapSeconds: [Double]
    var plainSQLiteSeconds: [Double]
    var clientPeakMegabytes: [Double]

    var ratios: [Double] { zip(bootstrapSeconds, plainSQLiteSeconds).map { $0 / $1 } }
    var medianRatio: Double {
        let sorted = ratios.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    var fastestRatio: Double { bootstrapSeconds.min()! / plainSQLiteSeconds.min()! }

    var summary: String {
        let each = ratios.map { String(format: "%.2f", $0) }.joined(separator: ", ")
        return "\(snapshotBuilt ? "warm" : "cold") bootstrap over \(ratios.count) alternated rounds: ratios \(each); median \(String(format: "%.2f", medianRatio))×, "
            + "fastest to fastest \(String(format: "%.2f", fastestRatio))× (\(String(format: "%.2f", bootstrapSeconds.min()!)) s against "
            + "\(String(format: "%.2f", plainSQLiteSeconds.min()!)) s); client peak at most \(String(format: "%.0f", clientPeakMegabytes.max()!)) MB"
    }

    static func measure(_ rounds: Int, snapshotBuilt: Bool, of scenario: SyncScenario, token: String, rows: Int,
                        log: (String) -> Void) throws -> BootstrapRounds {
        var result = BootstrapRounds(snapshotBuilt: snapshotBuilt, bootstrapSeconds: [], plainSQLiteSeconds: [], clientPeakMegabytes: [])
        let origin = ReplicaID.random()
        for round in 1...rounds {
            var laptop = scenario
            laptop.clientName = "round-\(round)"
            try laptop.initClient()
            if !snapshotBuilt {
                // No node runs between phases: the next one starts with no snapshot cached and builds one on request.
                try FileManager.default.removeItem(atPath: scenario.centralHome + "/snapshots")
            }
            func plain() throws {
                let run = try scenario.plainInsertOnce(0..<scenario.graduates, origin: origin)
                guard run.rows == rows else { throw BenchError("round \(round): plain SQLite inserted \(run.rows) rows, expected \(rows)") }
                result.plainSQLiteSeconds.append(run.seconds)
            }
            // Alternating which goes first spreads a drift of the machine over both sides.
            if round % 2 == 0 { try plain() }
            let phase = try laptop.sync(phase: "\(snapshotBuilt ? "warm" : "cold") bootstrap, round \(round)", token: token, expected: (0, rows), plain: nil)
            result.bootstrapSeconds.append(phase.seconds)
            result.clientPeakMegabytes.append(phase.clientPeakMegabytes)
            if round % 2 == 1 { try plain() }
            try? FileManager.default.removeItem(atPath: laptop.clientHome)
        }
        log(result.summary)
        return result
    }
}
