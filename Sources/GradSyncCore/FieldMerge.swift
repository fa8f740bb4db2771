/// The merge rule of one field, computed from the set of its changes alone.
///
/// A field's heads are its changes that no other change of the field names in its `bases`.
/// The shown value is the head that wins last-writer-wins; two or more heads with different
/// values make a conflict to review. Because all of this is a function of the set of changes,
/// every replica holding the same changes agrees, whatever the order they arrived in.
/// The ordering, conflict and no-op rules are `MergeRule`'s, the same code the store runs.
public struct FieldMerge: Sendable, Equatable {
    /// The field's heads, winner first, then in descending LWW order.
    public let heads: [Change]

    /// Merges a field from every change of it held.
    public init<S: Sequence>(changes: S) where S.Element == Change {
        let all = Array(changes)
        var superseded = Set<ChangeID>()
        for change in all { superseded.formUnion(change.bases) }
        self.init(heads: all.filter { !superseded.contains($0.id) })
    }

    /// Orders already-known heads.
    public init(heads: [Change]) {
        self.heads = MergeRule.ordered(heads)
    }

    /// The head whose value is shown, or nil when the field has no change.
    public var winner: Change? { heads.first }

    /// Whether the heads hold two or more different values (a concurrent edit to review).
    public var isConflicted: Bool { MergeRule.isConflicted(heads) }

    /// Whether a local write of `value` would change nothing: a single head with an equal value.
    public func writeIsNoOp(_ value: FieldValue) -> Bool { MergeRule.writeIsNoOp(heads, value: value) }
}

/// The rule for a record whose deletion raced with an edit.
public enum DeletionReview {
    /// Whether a record must be listed for review: its shown tombstone says deleted, and some
    /// field head is missing from what every deleting head had seen.
    ///
    /// - Parameters:
    ///   - tombstone: the merge of the record's `_deleted` field.
    ///   - fieldHeads: the heads of every other field of the record.
    public static func needsReview(tombstone: FieldMerge, fieldHeads: [ChangeID]) -> Bool {
        guard let seen = seenByShownDeletion(tombstone) else { return false }
        return isUnseen(fieldHeads, seen: seen)
    }

    /// The fields whose heads a shown deletion had not seen, sorted: the ones a reviewer must look at.
    /// Empty when the record is not shown deleted or the deletion saw every head.
    ///
    /// - Parameters:
    ///   - tombstone: the merge of the record's `_deleted` field.
    ///   - fieldHeads: each other field of the record with its heads.
    public static func unseenFields(tombstone: FieldMerge, fieldHeads: [(field: String, heads: [ChangeID])]) -> [String] {
        guard let seen = seenByShownDeletion(tombstone) else { return [] }
        return fieldHeads.filter { isUnseen($0.heads, seen: seen) }.map(\.field).sorted()
    }

    /// Everything the deleting heads had seen, or nil when the shown tombstone does not say deleted.
    ///
    /// A restore among the heads saw nothing and counts for nothing: only deletes say what they saw.
    static func seenByShownDeletion(_ tombstone: FieldMerge) -> Set<ChangeID>? {
        guard let winner = tombstone.winner, winner.holds(Change.deletedValue) else { return nil }
        var seen = Set<ChangeID>()
        for head in tombstone.heads where head.holds(Change.deletedValue) { seen.formUnion(head.seen) }
        return seen
    }

    static func isUnseen(_ heads: [ChangeID], seen: Set<ChangeID>) -> Bool {
        heads.contains { !seen.contains($0) }
    }
}
