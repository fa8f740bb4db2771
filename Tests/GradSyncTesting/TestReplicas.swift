import GradSyncCore
import GradSyncStore

/// Makes replicas in a temporary directory, each on a real SQLite file.
public final class TestReplicas: Sendable {
    /// Where the files live.
    public let directory: TemporaryDirectory
    /// The wall clock every replica made here reads (unless given its own).
    public let clock: ManualClock

    /// Makes an empty set of replicas.
    public init(clock: ManualClock = ManualClock()) throws {
        directory = try TemporaryDirectory()
        self.clock = clock
    }

    /// A new replica named `name` with the given scope.
    public func make(_ name: String, scope: ReplicaScope, clock: ManualClock? = nil,
                     validator: any ChangeValidator = AcceptAllValidator()) throws -> ReplicaStore {
        try ReplicaStore.create(at: directory.file("\(name).sqlite"), scope: scope,
                                options: .init(validator: validator, wallClock: (clock ?? self.clock).wallClock))
    }

    /// A department replica.
    public func department(_ name: String, _ code: String, clock: ManualClock? = nil) throws -> ReplicaStore {
        try make(name, scope: .department(try Scope.department(code)), clock: clock)
    }

    /// Another store on the same file as `store`, as a second process would open it.
    public func reopen(_ store: ReplicaStore, clock: ManualClock? = nil) throws -> ReplicaStore {
        try ReplicaStore.open(at: store.path, options: .init(wallClock: (clock ?? self.clock).wallClock))
    }
}

extension RecordID {
    /// A graduate record of a department, for tests.
    public static func graduate(_ key: String, in department: String) -> RecordID {
        RecordID(scope: try! Scope(department), collection: "graduate", key: key)
    }
}
