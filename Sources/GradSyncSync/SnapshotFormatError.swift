/// Why a snapshot was refused; `kind` is for code, `message` names what was wrong and where.
public struct SnapshotFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The class of malformation.
    public enum Kind: String, Sendable {
        /// The content ends before the trailer, or the gzip member before its end.
        case truncated
        /// The gzip data is corrupt.
        case corrupt
        /// The content does not open with the header magic.
        case badMagic
        /// A format version this reader does not know.
        case unsupportedVersion
        /// A varint longer than 10 bytes or above 2^64 − 1.
        case badVarint
        /// A length, count or table past its limit.
        case tooLarge
        /// A reference to a table entry not yet defined.
        case badReference
        /// A text that is not UTF-8, or a field that is not what the format allows (scope, seq, value).
        case malformed
        /// A change whose content does not match its carried hash.
        case hashMismatch
        /// A change out of its stream's order, outside the header's vector, or a stream whose tip differs.
        case streamMismatch
        /// A trailer whose count or digest does not match the changes read.
        case trailerMismatch
        /// Bytes after the trailer or after the gzip member.
        case trailingBytes
    }

    /// The class of malformation.
    public var kind: Kind
    /// A sentence for people, naming what was wrong.
    public var message: String

    /// Describes a malformation.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "snapshot refused (\(kind.rawValue)): \(message)" }
}
