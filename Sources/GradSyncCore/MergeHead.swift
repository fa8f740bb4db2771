/// One head of a field as the merge rule sees it: which change it is, when it was stamped, and its value.
///
/// `MergeRule` is generic over this so that the reference model (over `Change`) and the store (over the rows it
/// reads, which hold a value's canonical JSON text) run the same code. Each head type compares values in the
/// form it already holds, so the store never decodes a value to merge it and Core never encodes one.
public protocol MergeHead {
    /// The value in the form this head type holds it (a `FieldValue`, or its canonical text in the store).
    associatedtype Value

    /// Which change this head is.
    var id: ChangeID { get }
    /// The change's stamp, which orders concurrent heads.
    var hlc: HLCTimestamp { get }
    /// The value the change set.
    var value: Value { get }

    /// Whether this head holds `value`, compared as canonical bytes.
    ///
    /// Never Unicode equivalence: `é` as one code point and as two are different values, or one replica
    /// could call a field conflicted that another calls settled.
    func holds(_ value: Value) -> Bool
}

extension MergeHead {
    /// The last-writer-wins order among a field's heads: (hlc, origin, scope, seq), a total order.
    @inlinable
    public func winsOver(_ other: some MergeHead) -> Bool {
        (hlc, id) > (other.hlc, other.id)
    }

    /// Whether both heads hold the same value (as canonical bytes).
    @inlinable
    public func holdsSameValue(as other: Self) -> Bool {
        holds(other.value)
    }
}
