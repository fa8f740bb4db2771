import Foundation

/// A progress line on stderr, rewritten in place, shown only when stderr is a terminal and the work is large.
struct ProgressLine {
    /// Below this many items the work is quick and no progress is shown.
    static let threshold = 1000

    private let label: String
    private let total: Int
    private let isShown: Bool

    /// Prepares a progress line for `total` items of work named `label`.
    init(_ label: String, total: Int) {
        self.label = label
        self.total = total
        isShown = total >= Self.threshold && isatty(STDERR_FILENO) == 1
    }

    /// Reports that `done` items are finished (redrawn every 100 items and at the end).
    func update(_ done: Int) {
        guard isShown, done % 100 == 0 || done == total else { return }
        FileHandleOutput.standardError("\r\(label) \(done)/\(total)")
    }

    /// Clears the line.
    func finish() {
        guard isShown else { return }
        FileHandleOutput.standardError("\r\u{1B}[K")
    }
}
