/// A canonical, line-per-field description of a replica's merged state and conflict journal.
///
/// Computed here from a set of changes alone (the reference the store's incremental merge must
/// equal), and by the store from its materialised tables; `verify` and the convergence tests
/// compare the two.
public struct MergedState: Equatable, Sendable, CustomStringConvertible {
    /// One line per field (`record field = value heads [ids] conflict?`) and per record to review, sorted.
    public let lines: [String]

    /// Wraps lines made elsewhere (they are sorted here).
    public init(lines: [String]) { self.lines = lines.sorted() }

    /// Merges a set of changes from scratch: heads, winners, conflicts and deletion reviews.
    public init<S: Sequence>(changes: S) where S.Element == Change {
        var byField: [RecordID: [String: [Change]]] = [:]
        for change in changes { byField[change.record, default: [:]][change.field, default: []].append(change) }
        var lines: [String] = []
        for (record, fields) in byField {
            var merges: [String: FieldMerge] = [:]
            for (field, fieldChanges) in fields {
                let merge = FieldMerge(changes: fieldChanges)
                merges[field] = merge
                lines.append(Self.fieldLine(record: record, field: field, winner: merge.winner!.value,
                                            heads: merge.heads.map(\.id), conflicted: merge.isConflicted))
            }
            if let tombstone = merges[Change.tombstoneField] {
                let fieldHeads = merges.filter { $0.key != Change.tombstoneField }.flatMap { $0.value.heads.map(\.id) }
                if DeletionReview.needsReview(tombstone: tombstone, fieldHeads: fieldHeads) {
                    lines.append(Self.reviewLine(record: record))
                }
            }
        }
        self.init(lines: lines)
    }

    /// The line describing one field.
    public static func fieldLine(record: RecordID, field: String, winner: FieldValue, heads: [ChangeID], conflicted: Bool) -> String {
        let ids = heads.sorted().map(\.description).joined(separator: " ")
        return "\(record) \(field) = \(winner.canonicalJSON) heads [\(ids)]" + (conflicted ? " conflict" : "")
    }

    /// The line naming a record deleted while edited.
    public static func reviewLine(record: RecordID) -> String { "\(record) review deleted-while-edited" }

    public var description: String { lines.joined(separator: "\n") }
}
