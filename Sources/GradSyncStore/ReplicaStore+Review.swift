import GRDB
import GradSyncCore

extension ReplicaStore {
    /// Keeps a deleted record deleted after review: a new delete that has seen every field head held now.
    ///
    /// This closes a "deleted while edited" entry of the conflict journal everywhere the change reaches,
    /// as `restore` closes it the other way. Refused when the record is not deleted.
    @discardableResult
    public func confirmDeletion(_ record: RecordID, author: String) throws -> Change {
        try writer.write { db in
            try self.checkWritable(record)
            try self.requirePresence(db, record, .deleted)
            return try self.writeTombstone(db, record: record, author: author)
        }
    }
}
