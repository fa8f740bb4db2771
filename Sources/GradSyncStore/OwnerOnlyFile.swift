import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files only their owner may read or write: a replica, its backups and exports hold personal information
/// (PIPL) and tokens, so every file GradSync writes is mode 0600 and every directory it makes 0700.
///
/// The mode is given to open(2) itself rather than set afterwards, so no other user can open the file in
/// between, whatever the process's umask. SQLite gives a database's WAL, shared-memory and journal files
/// the database file's own mode, so a database created here keeps those private too.
public enum OwnerOnlyFile {
    /// The mode of every file GradSync writes.
    public static let fileMode: mode_t = 0o600
    /// The mode of every directory GradSync makes.
    public static let directoryMode: mode_t = 0o700

    /// Why a file could not be written.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// The system's reason.
        public let reason: String
        /// Whether the file was refused because it exists already.
        public let alreadyExists: Bool

        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Creates `path` empty with mode 0600; fails (`alreadyExists`) when anything is already there.
    public static func createEmpty(_ path: String) throws(Failure) {
        let descriptor = try openOwnerOnly(path, flags: O_WRONLY | O_CREAT | O_EXCL)
        close(descriptor)
    }

    /// Opens a new file for writing with mode 0600 and returns its descriptor; fails when `path` exists.
    public static func openNew(_ path: String) throws(Failure) -> Int32 {
        try openOwnerOnly(path, flags: O_WRONLY | O_CREAT | O_EXCL)
    }

    /// Writes `data` to `path`, creating it with mode 0600 or replacing the contents of an existing file,
    /// whose mode is narrowed to 0600 first when it is a regular file (a device such as /dev/stdout is left as it is).
    public static func replaceContents(of path: String, with data: Data) throws(Failure) {
        let descriptor = try openOwnerOnly(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_mode & 0o077 != 0,
           fchmod(descriptor, fileMode) != 0 {
            throw Failure(path: path, reason: "cannot narrow its mode to 0600: \(lastError())", alreadyExists: false)
        }
        try writeAll(data, to: descriptor, path: path)
    }

    /// Writes all of `data` to an open descriptor.
    public static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(Failure) {
        let failed: String? = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return lastError()
                }
                offset += written
            }
            return nil
        }
        if let failed { throw Failure(path: path, reason: failed, alreadyExists: false) }
    }

    /// Narrows `path` to `mode` when group or others have any access; true when it changed something.
    ///
    /// A missing path is left alone (false), and so is a symbolic link unless `followingLinks` (a directory
    /// given by a link is still the one meant; a file link may point anywhere). A path that cannot be
    /// changed is a failure.
    public static func narrow(_ path: String, to mode: mode_t, followingLinks: Bool = false) throws(Failure) -> Bool {
        var status = stat()
        let found = followingLinks ? stat(path, &status) : lstat(path, &status)
        guard found == 0, status.st_mode & S_IFMT != S_IFLNK, status.st_mode & 0o077 != 0 else { return false }
        guard chmod(path, mode) == 0 else { throw Failure(path: path, reason: lastError(), alreadyExists: false) }
        return true
    }

    private static func openOwnerOnly(_ path: String, flags: Int32) throws(Failure) -> Int32 {
        while true {
            let descriptor = open(path, flags | O_CLOEXEC, fileMode)
            if descriptor >= 0 { return descriptor }
            let code = errno
            if code == EINTR { continue }
            throw Failure(path: path, reason: String(cString: strerror(code)), alreadyExists: code == EEXIST)
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
