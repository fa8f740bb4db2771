import GradSyncCore

extension ReplicaStore {
    /// Keeps a deleted record deleted after review: a new delete that has seen every field head held now.
    ///
    /// This closes a "deleted while edited" entry of the conflict journal everywhere the change reaches,
    /// as `restore` closes it the other way. Refused when the record is not deleted.
    @discardableResult
    public func confirmDeletion(_ record: RecordID, author: String) throws -> Change {
        try transaction(author: author) { transaction in try transaction.confirmDeletion(record) }
    }
}
