import Foundation
import GradSyncCore
import GradSyncStore

extension PlacementReplica {
    /// The collection of the audit trail of exports that carry sensitive personal information (PIPL).
    public static let auditCollection = "audit"

    /// Records that `author` exported `count` graduates of `exported` (a department code or `*`) with sensitive fields.
    ///
    /// One record per export, of collection `audit` with a random key in the replica's own scope (the central
    /// node uses `shared`), so a department's exports reach the central node by sync.
    public func recordSensitiveExport(author: String, exported: String, count: Int) throws {
        let scope: Scope
        switch store.scope {
        case .department(let own): scope = own
        case .central: scope = .shared
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone.current
        let now = Date(timeIntervalSince1970: Double(store.wallClockNow()) / 1000)
        let record = RecordID(scope: scope, collection: Self.auditCollection, key: ReplicaID.random().hex)
        try store.write(record, fields: [
            "action": .string("export_sensitive"), "author": .string(author), "at": .string(formatter.string(from: now)),
            "scope": .string(exported), "count": .integer(Int64(count)),
        ], mode: .create, author: author)
    }
}
