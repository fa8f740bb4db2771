import GradSyncCore
import GradSyncStore
import GradSyncSync

/// One file of `protocol/vectors/`: changes in a sender's storage order and the merged state they must produce.
struct ProtocolVector: Decodable {
    var name: String
    var description: String
    /// The scope of the receiving replica (`*` or a department code).
    var replicaScope: String
    var changes: [WireChange]
    var expected: Expected

    /// What applying the changes to an empty replica leaves.
    struct Expected: Decodable {
        /// Counts when all changes arrive as one page in the listed order.
        var apply: Counts
        var vector: [WireVectorEntry]
        /// `MergedState` lines.
        var state: [String]
        var conflicts: [JournalEntry]
    }

    struct Counts: Decodable, Equatable {
        var applied: Int
        var duplicates: Int
        var dropped: Int
    }

    enum CodingKeys: String, CodingKey { case name, description, replicaScope = "replica_scope", changes, expected }
}

/// A conflict journal entry in the vectors' JSON form.
struct JournalEntry: Codable, Equatable, Comparable {
    /// `field` (heads winner first) or `deleted_while_edited` (the fields whose heads the delete had not seen).
    var kind: String
    var record: String
    var field: String?
    var heads: [String]?
    var unseenFields: [String]?

    enum CodingKeys: String, CodingKey { case kind, record, field, heads, unseenFields = "unseen_fields" }

    init(_ entry: ConflictEntry) {
        record = entry.record.description
        switch entry {
        case .field(_, let field, let heads):
            kind = "field"
            self.field = field
            self.heads = heads.map(\.id.description)
        case .deletedWhileEdited(_, let unseen):
            kind = "deleted_while_edited"
            unseenFields = unseen
        }
    }

    static func < (lhs: JournalEntry, rhs: JournalEntry) -> Bool {
        (lhs.record, lhs.kind, lhs.field ?? "") < (rhs.record, rhs.kind, rhs.field ?? "")
    }
}
