#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit (RLIMIT_NOFILE), which bounds how many connections the node can hold.
enum OpenFileLimit {
    #if os(Linux)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif

    /// Raises the soft limit to the hard one (at most `ceiling`) and returns the soft limit now in force.
    ///
    /// Many systems start processes with a soft limit of 1024 under a much higher hard limit; every open connection
    /// takes a descriptor, so a node left at 1024 runs out long before memory does.
    static func raise(ceiling: Int = 1 << 20) -> Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        let hard = limit.rlim_max == rlim_t.max ? rlim_t(ceiling) : min(limit.rlim_max, rlim_t(ceiling))
        if limit.rlim_cur == rlim_t.max || limit.rlim_cur >= hard { return Int(min(limit.rlim_cur, rlim_t(ceiling))) }
        var raised = limit
        raised.rlim_cur = hard
        if setrlimit(resource, &raised) == 0 { return Int(hard) }
        return Int(limit.rlim_cur)
    }
}
