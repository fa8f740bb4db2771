import GradSyncCore
import GradSyncStore

/// In-process sync between stores, page by page, as the wire protocol does it (tests of the engine alone).
public enum ReplicaExchange {
    /// Sends what `target` lacks from `source`, within both scopes, in pages of `pageSize`.
    ///
    /// Stops after `maxPages` pages when given (an interrupted exchange). Returns the number of changes applied.
    @discardableResult
    public static func send(from source: ReplicaStore, to target: ReplicaStore, pageSize: Int = 100, maxPages: Int? = nil) throws -> Int {
        let filter = source.scope.intersection(target.scope)
        var applied = 0
        var pages = 0
        while maxPages.map({ pages < $0 }) ?? true {
            let batch = try source.changes(missingFrom: target.versionVector(filter: filter), filter: filter, limit: pageSize)
            if batch.changes.isEmpty { break }
            applied += try target.apply(batch.changes).applied
            pages += 1
            if !batch.hasMore { break }
        }
        return applied
    }

    /// Both directions between two stores.
    @discardableResult
    public static func sync(_ first: ReplicaStore, _ second: ReplicaStore, pageSize: Int = 100) throws -> Int {
        try send(from: first, to: second, pageSize: pageSize) + send(from: second, to: first, pageSize: pageSize)
    }

    /// Syncs every pair repeatedly until a full round moves nothing.
    public static func syncUntilQuiet(_ stores: [ReplicaStore], pageSize: Int = 100) throws {
        var moved = 1
        while moved > 0 {
            moved = 0
            for first in stores.indices {
                for second in stores.indices where second > first {
                    moved += try sync(stores[first], stores[second], pageSize: pageSize)
                }
            }
        }
    }
}
