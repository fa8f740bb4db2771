/// The merge rule of one field over any kind of head: the one rule both the store and the reference model run.
///
/// The store applies it incrementally to the heads it keeps (`HeadRow`s); `FieldMerge` and `MergedState` apply it
/// to changes. The functions are `@inlinable` so the store's calls are specialised for its head type: no
/// existential boxes and no allocations on the path every written or applied change takes.
public enum MergeRule {
    /// The position of the head whose value is shown (the greatest in last-writer-wins order), or nil without heads.
    @inlinable
    public static func winnerIndex<Head: MergeHead>(of heads: [Head]) -> Int? {
        guard var best = heads.indices.first else { return nil }
        for index in heads.indices.dropFirst() where heads[index].winsOver(heads[best]) { best = index }
        return best
    }

    /// The heads in descending last-writer-wins order: the shown one first.
    @inlinable
    public static func ordered<Head: MergeHead>(_ heads: [Head]) -> [Head] {
        heads.sorted { $0.winsOver($1) }
    }

    /// Whether the heads hold two or more different values (a concurrent edit to review).
    ///
    /// Equal values written concurrently are not a conflict: there is nothing to choose between.
    @inlinable
    public static func isConflicted<Head: MergeHead>(_ heads: [Head]) -> Bool {
        guard let first = heads.first else { return false }
        return heads.dropFirst().contains { !$0.holdsSameValue(as: first) }
    }

    /// Whether a local write of `value` would change nothing: a single head holding an equal value.
    ///
    /// Writing the shown value of a conflicted field is not a no-op: it resolves the conflict.
    @inlinable
    public static func writeIsNoOp<Head: MergeHead>(_ heads: [Head], value: @autoclosure () -> Head.Value) -> Bool {
        heads.count == 1 && heads[0].holds(value())
    }

    /// Removes the heads a new change supersedes: those its `bases` name.
    ///
    /// A base that names no current head (a change not held yet, or one already superseded) is passed to
    /// `unmatched`, so the caller can remember it in case that change arrives later.
    ///
    /// - Returns: whether any head was removed.
    @inlinable
    public static func removeSuperseded<Head: MergeHead>(from heads: inout [Head], bases: [ChangeID],
                                                         unmatched: (ChangeID) throws -> Void) rethrows -> Bool {
        var removedAny = false
        for base in bases {
            if let index = heads.firstIndex(where: { $0.id == base }) {
                heads.remove(at: index)
                removedAny = true
            } else {
                try unmatched(base)
            }
        }
        return removedAny
    }
}
