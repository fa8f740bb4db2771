import Foundation
import GradSyncSync
import Synchronization

/// The progress line of `gradsync sync` on stderr, rewritten in place after every page: phase, changes and bytes
/// so far, rate and time left. Shown only on a terminal, never with `--json`, and only for a phase that expects
/// at least `ProgressLine.threshold` changes, so scripts and short syncs see exactly what they always saw.
final class SyncProgressLine: Sendable {
    private let enabled: Bool
    /// Whether a line is on the screen, so that `finish` clears only what was drawn.
    private let drawn = Mutex(false)

    /// A progress line for a run whose stdout is JSON when `json` is set.
    init(json: Bool) {
        enabled = !json && isatty(STDERR_FILENO) == 1
    }

    /// Redraws the line for `progress`, when it is shown at all.
    func update(_ progress: SyncProgress) {
        guard enabled, progress.expected >= ProgressLine.threshold else { return }
        drawn.withLock { drawn in
            FileHandleOutput.standardError("\r\(Self.text(progress))\u{1B}[K")
            drawn = true
        }
    }

    /// Clears the line, so the summary that follows starts on a clean line.
    func finish() {
        drawn.withLock { drawn in
            if drawn { FileHandleOutput.standardError("\r\u{1B}[K") }
            drawn = false
        }
    }

    /// The line's text, e.g. `pull 1200/5000 changes, 1.2 MB, 3400 changes/s, about 2 s left`.
    static func text(_ progress: SyncProgress) -> String {
        let seconds = Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) / 1e18
        // The expected count is an upper bound; never show more done than expected.
        let expected = max(progress.expected, progress.changes)
        var line = "\(progress.phase.rawValue) \(progress.changes)/\(expected) changes, \(megabytes(progress.bytes))"
        if seconds > 0, progress.changes > 0 {
            let rate = Double(progress.changes) / seconds
            line += ", \(Int(rate.rounded())) changes/s"
            let left = Double(expected - progress.changes) / rate
            line += ", about \(Int(left.rounded(.up))) s left"
        }
        return line
    }

    /// Bytes in kilobytes below a megabyte, so the first pages do not read as nothing.
    private static func megabytes(_ bytes: Int) -> String {
        bytes < 1_000_000 ? "\((bytes + 999) / 1000) KB" : String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
