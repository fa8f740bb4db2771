/// Constants of the sync protocol, version 1 (see `protocol/SPEC.md`).
public enum WireProtocol {
    /// The protocol version this build speaks.
    public static let version = 1
    /// The versions this build accepts.
    public static let supportedVersions: ClosedRange<Int> = 1...1
    /// The most changes a page may carry.
    public static let maxPageChanges = 5_000
    /// The largest request body accepted (after decompression), in bytes.
    public static let maxBodyBytes = 16 * 1024 * 1024
    /// The byte budget of one page's values when the server assembles it.
    public static let pageByteBudget = 4 * 1024 * 1024
    /// Bodies longer than this are sent gzip-compressed (when the other side accepts it): a handshake of a few
    /// hundred bytes, mostly tip hashes and names, still shrinks by a third; below this the header costs more.
    public static let compressionThreshold = 256
    /// How far a signed handshake's `clock_ms` may be from the node's clock, either way: a captured handshake is of
    /// no use once this long has passed. Far wider than the allowed drift, so a clock a few hours wrong is still only
    /// warned of (`clock_suspect`), as it is for a client that predates keys.
    public static let handshakeSignatureWindowMilliseconds: UInt64 = 86_400_000
}
