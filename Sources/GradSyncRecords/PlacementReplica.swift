import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// Placement records in one replica: the one place where a graduate, a ledger entry or the department
/// directory is read, checked and written.
///
/// Every front end (the CLI, the dashboard, the workbench) reaches records through this type, so each rule
/// lives once and answers the same everywhere. Every write is one store transaction: the record is read,
/// checked as a whole and written inside it, so nothing can change it between the check and the write.
///
/// ```swift
/// let replica = try PlacementReplica.open(at: "/srv/gradsync/auto/replica.sqlite")
/// try replica.setGraduate("2021010101", values: ["phone": .string("13800000000")], author: "secretary")
/// ```
public final class PlacementReplica: Sendable {
    /// The replica's store, for the sync protocol and operations below the records (tokens, health, backup).
    public let store: ReplicaStore
    /// The validator the store checks each change with, and the records layer each record.
    public let validator: PlacementValidator

    /// Wraps a store already opened with `options(wallClock:)`.
    public init(store: ReplicaStore, validator: PlacementValidator = PlacementValidator()) {
        self.store = store
        self.validator = validator
    }

    /// The store options of a placement replica: the placement validator on every change, and the wall clock.
    public static func options(wallClock: (@Sendable () -> UInt64)? = nil) -> ReplicaStore.Options {
        ReplicaStore.Options(validator: PlacementValidator(), wallClock: wallClock ?? ReplicaStore.systemWallClock)
    }

    /// Opens the existing replica at `path` with the placement validator.
    public static func open(at path: String, wallClock: (@Sendable () -> UInt64)? = nil) throws -> PlacementReplica {
        PlacementReplica(store: try ReplicaStore.open(at: path, options: options(wallClock: wallClock)))
    }

    /// Creates a new replica at `path` with the placement validator.
    public static func create(at path: String, scope: ReplicaScope, wallClock: (@Sendable () -> UInt64)? = nil) throws -> PlacementReplica {
        PlacementReplica(store: try ReplicaStore.create(at: path, scope: scope, options: options(wallClock: wallClock)))
    }

    /// The replica's own department, or nil on the central node.
    public var ownDepartment: Scope? {
        if case .department(let own) = store.scope { return own }
        return nil
    }

    /// Whether this is the central node's replica (every department).
    public var isCentral: Bool { store.scope == .central }
}
