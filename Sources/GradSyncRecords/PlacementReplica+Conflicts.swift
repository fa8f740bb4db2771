import GradSyncCore
import GradSyncPlacement
import GradSyncStore

extension PlacementReplica {
    /// Resolves a conflicted field of a graduate with `value` (`.null` clears it), checked as any edit is.
    ///
    /// The change names every head as its base, so the journal entry closes everywhere it reaches; choosing
    /// the value already shown still writes.
    @discardableResult
    public func resolveConflict(_ studentNumber: String, department code: String? = nil, field: String, value: FieldValue,
                                author: String) throws -> [Change] {
        try store.transaction(author: author) { transaction in
            let record = try self.findGraduate(studentNumber, department: code, in: transaction)
            guard record.conflictedFields.contains(field) else {
                throw RecordsError.refused(Messages.notInConflict(field: field, key: studentNumber))
            }
            return try self.set(record, values: [field: value], in: transaction)
        }
    }

    /// How a graduate deleted while it was edited is settled.
    public enum DeletionResolution: Sendable {
        /// Restore it, with every edit.
        case restore
        /// Keep it deleted, with a delete that has seen every edit.
        case keepDeleted
    }

    /// Settles a graduate listed as deleted while edited; returns the record.
    @discardableResult
    public func resolveDeletion(_ studentNumber: String, department code: String? = nil, _ resolution: DeletionResolution,
                                author: String) throws -> RecordID {
        try store.transaction(author: author) { transaction in
            let record = try self.findGraduate(studentNumber, department: code, in: transaction)
            let listed = try transaction.conflicts().contains { entry in
                if case .deletedWhileEdited(let id, _) = entry { return id == record.id }
                return false
            }
            guard listed else { throw RecordsError.refused(Messages.notDeletedWhileEdited(studentNumber)) }
            switch resolution {
            case .restore: try transaction.restore(record.id)
            case .keepDeleted: try transaction.confirmDeletion(record.id)
            }
            return record.id
        }
    }
}
