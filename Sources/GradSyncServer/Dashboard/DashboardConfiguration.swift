import GradSyncStore

/// How the central office's dashboard behaves: session lifetime, cookie security, the university's province.
public struct DashboardConfiguration: Sendable {
    /// How long a session lasts without use, in milliseconds (default 8 hours).
    public var sessionIdleMilliseconds: UInt64
    /// Whether the session cookie is marked `Secure` (set when the node serves HTTPS).
    public var secureCookie: Bool
    /// The university's two-digit province code (e.g. `35`), which the regional flows need; nil when not set.
    public var universityProvince: String?
    /// The wall clock sessions expire by, Unix milliseconds (tests inject one).
    public var clock: @Sendable () -> UInt64
    /// How many refused sign-ins an address may make within 15 minutes before it must wait (1 s, doubling with each
    /// further refusal, up to 15 minutes).
    public var signInFreeFailures = 5

    /// The default: 8 hours idle, no `Secure` flag, no province, the system clock.
    public init(sessionIdleMilliseconds: UInt64 = 8 * 3_600_000, secureCookie: Bool = false,
                universityProvince: String? = nil, clock: @escaping @Sendable () -> UInt64 = ReplicaStore.systemWallClock) {
        self.sessionIdleMilliseconds = sessionIdleMilliseconds
        self.secureCookie = secureCookie
        self.universityProvince = universityProvince
        self.clock = clock
    }
}
