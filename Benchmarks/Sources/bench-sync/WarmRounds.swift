import BenchSupport
import Foundation
import GradSyncCore

/// `bench-sync --rounds N`: a fresh laptop bootstrapping from the already built snapshot, and plain SQLite inserting
/// the same field rows once, N times in alternating order. On a shared machine one pair of figures swings by a third
/// either way, so a single run's ratio says little; each round's ratio is kept, with their median, and the ratio of
/// the fastest bootstrap to the fastest plain insert (each side treated alike: its least disturbed run).
struct WarmRounds: Codable {
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
        return "warm bootstrap over \(ratios.count) alternated rounds: ratios \(each); median \(String(format: "%.2f", medianRatio))×, "
            + "fastest to fastest \(String(format: "%.2f", fastestRatio))× (\(String(format: "%.2f", bootstrapSeconds.min()!)) s against "
            + "\(String(format: "%.2f", plainSQLiteSeconds.min()!)) s); client peak at most \(String(format: "%.0f", clientPeakMegabytes.max()!)) MB"
    }

    static func measure(_ rounds: Int, of scenario: SyncScenario, token: String, rows: Int,
                        log: (String) -> Void) throws -> WarmRounds {
        var result = WarmRounds(bootstrapSeconds: [], plainSQLiteSeconds: [], clientPeakMegabytes: [])
        let origin = ReplicaID.random()
        for round in 1...rounds {
            var laptop = scenario
            laptop.clientName = "round-\(round)"
            try laptop.initClient()
            func plain() throws {
                let run = try scenario.plainInsertOnce(0..<scenario.graduates, origin: origin)
                guard run.rows == rows else { throw BenchError("round \(round): plain SQLite inserted \(run.rows) rows, expected \(rows)") }
                result.plainSQLiteSeconds.append(run.seconds)
            }
            // Alternating which goes first spreads a drift of the machine over both sides.
            if round % 2 == 0 { try plain() }
            let phase = try laptop.sync(phase: "warm bootstrap, round \(round)", token: token, expected: (0, rows), plain: nil)
            result.bootstrapSeconds.append(phase.seconds)
            result.clientPeakMegabytes.append(phase.clientPeakMegabytes)
            if round % 2 == 1 { try plain() }
            try? FileManager.default.removeItem(atPath: laptop.clientHome)
        }
        log(result.summary)
        return result
    }
}
