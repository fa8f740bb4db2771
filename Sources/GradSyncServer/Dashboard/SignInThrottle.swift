import Synchronization

/// Slows down guessing at the sign-in form: after `freeFailures` refused sign-ins from one address within
/// `windowMilliseconds`, that address must wait before it may try again, twice as long after each further failure
/// (up to the window). A successful sign-in clears the address.
///
/// Memory is bounded: at most `capacity` addresses are remembered; when full, the one whose last failure is oldest
/// is forgotten. Kept in memory on purpose: a restart forgets the count, and the window is minutes.
final class SignInThrottle: Sendable {
    /// What the throttle remembers of one address.
    struct Entry: Sendable {
        var failures: Int
        var firstFailure: UInt64
        var lastFailure: UInt64
        var blockedUntil: UInt64
    }

    let freeFailures: Int
    let windowMilliseconds: UInt64
    let firstDelayMilliseconds: UInt64
    let capacity: Int
    private let clock: @Sendable () -> UInt64
    private let entries = Mutex<[String: Entry]>([:])

    init(freeFailures: Int = 5, windowMilliseconds: UInt64 = 15 * 60_000, firstDelayMilliseconds: UInt64 = 1_000,
         capacity: Int = 4096, clock: @escaping @Sendable () -> UInt64) {
        self.freeFailures = freeFailures
        self.windowMilliseconds = windowMilliseconds
        self.firstDelayMilliseconds = firstDelayMilliseconds
        self.capacity = capacity
        self.clock = clock
    }

    /// How many milliseconds `address` must still wait before it may try, or nil when it may try now.
    func wait(for address: String) -> UInt64? {
        let now = clock()
        return entries.withLock { entries in
            guard let entry = entries[address], entry.blockedUntil > now else { return nil }
            return entry.blockedUntil - now
        }
    }

    /// Counts a refused sign-in from `address`.
    func failed(from address: String) {
        let now = clock()
        entries.withLock { entries in
            var entry = entries[address] ?? Entry(failures: 0, firstFailure: now, lastFailure: now, blockedUntil: 0)
            if now - min(now, entry.firstFailure) > windowMilliseconds {
                entry = Entry(failures: 0, firstFailure: now, lastFailure: now, blockedUntil: 0)
            }
            entry.failures += 1
            entry.lastFailure = now
            if entry.failures >= freeFailures {
                let doublings = min(entry.failures - freeFailures, 20)
                entry.blockedUntil = now + min(firstDelayMilliseconds << UInt64(doublings), windowMilliseconds)
            }
            if entries[address] == nil, entries.count >= capacity,
               let oldest = entries.min(by: { $0.value.lastFailure < $1.value.lastFailure })?.key {
                entries[oldest] = nil
            }
            entries[address] = entry
        }
    }

    /// Clears `address` after a successful sign-in.
    func succeeded(from address: String) {
        _ = entries.withLock { $0.removeValue(forKey: address) }
    }

    /// How many addresses are remembered (for tests of the bound).
    var count: Int { entries.withLock { $0.count } }
}
