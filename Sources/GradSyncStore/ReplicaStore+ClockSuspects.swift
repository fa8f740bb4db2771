import GRDB
import GradSyncCore

extension ReplicaStore {
    /// Dismisses a clock suspect once its replica's clock is put right; returns false when it was not listed.
    ///
    /// Only the notice goes: the changes it stamped stay as they are, and a change stamped too far ahead again
    /// lists the origin again.
    @discardableResult
    public func dismissClockSuspect(_ origin: ReplicaID) throws -> Bool {
        try writer.write { db in
            guard let number = try self.existingOriginNumber(db, for: origin) else { return false }
            try db.execute(sql: "DELETE FROM gs_clock_suspect WHERE origin = ?", arguments: [number])
            return db.changesCount > 0
        }
    }
}
