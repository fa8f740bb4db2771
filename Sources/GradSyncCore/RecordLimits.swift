/// The bounds every change and record keeps, whatever its collection: how large a value, how many fields,
/// what a record key is made of. Stores refuse a change past them, local or received (`validation_failed`).
public enum RecordLimits {
    /// The most bytes a value's canonical JSON may have (64 KiB): far above any real field, far below a page.
    public static let maximumValueBytes = 65_536

    /// The most fields a local write may give a record; the tombstone `_deleted` is not counted, so a full record can
    /// still be deleted.
    public static let maximumFields = 256

    /// The most fields a received change may give a record: four times the local limit.
    ///
    /// Fields written on different replicas merge, so two replicas that each stayed within `maximumFields` offline can
    /// together hold more. Refusing that union would refuse their changes on every sync, for good; a record past
    /// this much larger bound, though, no honest set of replicas writes, and it still bounds what a hostile peer adds.
    public static let maximumReceivedFields = 4 * maximumFields

    /// The longest record key, in bytes.
    public static let maximumKeyBytes = 256

    /// Whether `key` may name a record: 1 to 256 ASCII letters, digits, `-` and `_`.
    ///
    /// Student numbers, department codes and the random ids of ledger and audit entries all fit; anything else
    /// (spaces, quotes, `/`, control characters, look-alike Unicode) would only make a key ambiguous in a file name,
    /// a URL, a CSV cell or a terminal.
    public static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= maximumKeyBytes && key.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
