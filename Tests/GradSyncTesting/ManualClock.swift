import Synchronization

/// A wall clock the test sets by hand, so clocks can step back, jump ahead or stand still.
public final class ManualClock: Sendable {
    private let milliseconds: Mutex<UInt64>

    /// Starts at `start` Unix milliseconds (default: 2026-06-01T00:00:00Z).
    public init(start: UInt64 = 1_780_272_000_000) { milliseconds = Mutex(start) }

    /// The current reading.
    public func now() -> UInt64 { milliseconds.withLock { $0 } }

    /// Moves the clock by `delta` milliseconds (negative steps it back).
    public func advance(by delta: Int64) {
        milliseconds.withLock { $0 = UInt64(Int64($0) + delta) }
    }

    /// Sets the clock.
    public func set(_ value: UInt64) { milliseconds.withLock { $0 = value } }

    /// The clock as a store's wall clock function.
    public var wallClock: @Sendable () -> UInt64 { { [self] in self.now() } }
}
