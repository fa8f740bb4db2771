import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A remote node's base URL, checked the same way however it is given (`remote set`, `--remote`,
/// `$GRADSYNC_REMOTE`, the settings file).
///
/// A URL carrying credentials (`https://user:password@host`) is refused rather than redacted on output:
/// the node authenticates by bearer token only, and libcurl would send the user and password as Basic
/// authentication to whatever answers, keep them in the settings file and the store's peer table, and
/// print them wherever the remote is shown. Refusing at every entry leaves no copy anywhere to redact.
struct RemoteAddress {
    /// The checked URL.
    let url: URL

    /// Checks `text`: an http:// or https:// URL with a host and no user or password.
    init(_ text: String) throws(CLIError) {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
              let host = url.host, !host.isEmpty else {
            throw .usage("'\(Self.redacted(text))' is not an http:// or https:// URL")
        }
        guard url.user == nil, url.password == nil, !Self.hasUserInfo(text) else {
            throw .usage("'\(Self.redacted(text))' carries credentials (user:password@); the remote URL must not: give the token with --token-file F (or --token T, $GRADSYNC_TOKEN)")
        }
        self.url = url
    }

    /// Whether the URL's host is this machine: `localhost`, 127.0.0.0/8 or ::1.
    var isLoopback: Bool { Self.isLoopback(host: url.host ?? "") }

    /// Whether requests to it travel in clear text over a network: plain http:// to a host that is not loopback.
    var isPlainHTTPOverNetwork: Bool { url.scheme?.lowercased() == "http" && !isLoopback }

    /// Whether `host` (a name or an address, IPv6 with or without brackets) names this machine.
    static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name = String(name.dropLast()) }
        if name == "localhost" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, name, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, name, &ipv6) == 1 {
            return withUnsafeBytes(of: &ipv6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
        }
        return false
    }

    /// `text` with any user and password before the host replaced by `***`, for messages and output.
    ///
    /// Works on text that does not parse as a URL, since a refused value must never be echoed with its secret.
    static func redacted(_ text: String) -> String {
        guard let range = userInfoRange(text) else { return text }
        return text.replacingCharacters(in: range, with: "***")
    }

    /// Whether the authority part of `text` holds an `@` (user info), however the rest parses.
    private static func hasUserInfo(_ text: String) -> Bool { userInfoRange(text) != nil }

    /// The user-info part of `text` (between `scheme://` and the last `@` of the authority).
    private static func userInfoRange(_ text: String) -> Range<String.Index>? {
        let start = text.range(of: "://")?.upperBound ?? text.startIndex
        let authorityEnd = text[start...].firstIndex(where: { "/?#".contains($0) }) ?? text.endIndex
        guard let at = text[start..<authorityEnd].lastIndex(of: "@") else { return nil }
        return start..<at
    }
}
