import GradSyncCore
import GradSyncStore

/// The audit trail of exports that carry sensitive personal information (PIPL): one record per export.
///
/// Each export writes a record of collection `audit` with a random key in the replica's own scope
/// (the central node uses `shared`), so a department's exports reach the central node by sync.
struct SensitiveExportAudit {
    /// The collection audit records live in.
    static let collection = "audit"

    let store: ReplicaStore

    /// Records that `author` exported `count` graduates of `exported` (a department code or `*`) with sensitive fields.
    func record(author: String, exported: String, count: Int) throws {
        let scope: Scope
        switch store.scope {
        case .department(let own): scope = own
        case .central: scope = .shared
        }
        let record = RecordID(scope: scope, collection: Self.collection, key: ReplicaID.random().hex)
        let now = ReplicaStore.systemWallClock()
        try store.write(record, fields: [
            "action": .string("export_sensitive"), "author": .string(author), "at": .string(FieldDisplay.time(milliseconds: now)),
            "scope": .string(exported), "count": .integer(Int64(count)),
        ], mode: .create, author: author)
    }
}
