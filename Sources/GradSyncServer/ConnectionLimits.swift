/// How long a connection may stay silent or slow, and how many may be open at once.
///
/// A node must stay reachable (`/healthz`, a department's sync) while people or programs hold connections open and
/// send nothing, or send a request a byte at a time. Each limit closes one kind of silent connection; the cap closes
/// the oldest idle ones first when too many are open, so that open connections never use up the descriptors the
/// node needs for its database and for new sockets.
public struct ConnectionLimits: Sendable, Equatable {
    /// How long a connection may wait with no request under way (before its first request, and between requests).
    public var idleTimeout: Duration
    /// How long a request's head may take to arrive, from its first byte to its blank line.
    public var headerTimeout: Duration
    /// How long a request's body may take to arrive, from the end of its head to its last byte.
    public var bodyTimeout: Duration
    /// How long an answer may wait with nothing of it taken by the client: a connection whose unsent output stays
    /// above NIO's high-water mark this long, with no byte of it handed to the kernel meanwhile, is closed.
    public var writeStallTimeout: Duration
    /// The most connections open at once.
    public var maxConnections: Int

    /// Descriptors kept for everything but client connections: the database (a writer and its readers, each with
    /// its WAL and shared-memory files), the listening socket, the event loops, logs, and connections accepted
    /// in one batch before the cap is looked at again.
    public static let reservedDescriptors = 128

    /// The defaults `gradsync serve` uses: 60 s idle, 10 s for a head, 300 s for a body, 60 s of a stalled answer,
    /// 1024 connections.
    ///
    /// A body may take minutes over a slow department link (a push page is up to `max_body_bytes` before gzip);
    /// a head is a few hundred bytes and never needs long. An answer over a slow link still drains a little every
    /// few seconds; one that drains nothing for a minute has a client that stopped reading.
    public init(idleTimeout: Duration = .seconds(60), headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(300),
                writeStallTimeout: Duration = .seconds(60), maxConnections: Int = 1024) {
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.writeStallTimeout = writeStallTimeout
        self.maxConnections = maxConnections
    }

    /// These limits with the connection cap lowered, when it must be, to leave `reservedDescriptors` free under an
    /// open-file limit of `descriptorLimit`; never below 1.
    public func fitting(descriptorLimit: Int) -> ConnectionLimits {
        var fitted = self
        fitted.maxConnections = max(1, min(maxConnections, descriptorLimit - Self.reservedDescriptors))
        return fitted
    }
}
