/// How far one direction of a sync has come, reported after every page so a person can watch a long sync.
public struct SyncProgress: Sendable, Equatable {
    /// Which half of the sync is running.
    public enum Phase: String, Sendable {
        case push
        case pull
        /// An empty replica downloading (`bytes`) and then loading (`changes`) a snapshot of the shared scope.
        case bootstrap
    }

    /// The half of the sync this reports on.
    public var phase: Phase
    /// Changes sent (push) or received (pull) so far in this phase.
    public var changes: Int
    /// Bytes on the wire so far in this phase (compressed when the body was).
    public var bytes: Int
    /// The changes this phase expects to move, from the vectors exchanged at the handshake: an upper bound, since a
    /// stream's sequence numbers also count changes outside the shared scope.
    public var expected: Int
    /// Time since this phase began.
    public var elapsed: Duration
    /// Pages committed so far by the whole sync, pushed and pulled (the workbench's sync page shows these three).
    public var pages = 0
    /// Changes the remote holds from this sync so far (as `SyncReport.pushed`).
    public var pushed = 0
    /// Changes applied here from this sync so far (as `SyncReport.pulled`).
    public var pulled = 0

    /// A report of `changes` and `bytes` moved in `elapsed`, out of about `expected`.
    public init(phase: Phase, changes: Int, bytes: Int, expected: Int, elapsed: Duration) {
        self.phase = phase
        self.changes = changes
        self.bytes = bytes
        self.expected = expected
        self.elapsed = elapsed
    }

    /// Takes the whole sync's committed counts from `report`.
    mutating func count(_ report: SyncReport) {
        pages = report.pages
        pushed = report.pushed
        pulled = report.pulled
    }
}
