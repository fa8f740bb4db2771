/// The department a record belongs to (or `shared` for reference data): part of a record's identity.
///
/// Each (origin, scope) pair is one gap-free stream of changes.
public struct Scope: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The department code, or `shared`.
    public let name: String

    /// The reserved scope of reference data that only the central node writes.
    public static let shared = Scope(unchecked: "shared")

    init(unchecked name: String) { self.name = name }

    /// Parses a department code (1–32 of `A-Za-z0-9_-`) or `shared`.
    public init(_ name: String) throws(ScopeError) {
        guard name == "shared" || Scope.isValidDepartmentCode(name) else {
            throw .invalidCode(name)
        }
        self.name = name
    }

    /// Parses a department code, refusing the reserved name `shared`.
    public static func department(_ code: String) throws(ScopeError) -> Scope {
        if code == "shared" { throw .reserved }
        return try Scope(code)
    }

    /// Whether `code` is 1–32 characters of `A-Za-z0-9_-`.
    public static func isValidDepartmentCode(_ code: String) -> Bool {
        let bytes = code.utf8
        guard (1...32).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 95
        }
    }

    /// Whether this is the shared reference-data scope.
    public var isShared: Bool { name == "shared" }

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.name < rhs.name }

    public var description: String { name }
}

/// Why a scope name was refused.
public enum ScopeError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidCode(String)
    case reserved

    public var description: String {
        switch self {
        case .invalidCode(let code):
            return "department code '\(code)' is not valid: use 1–32 characters of A-Z, a-z, 0-9, '_' or '-'"
        case .reserved:
            return "'shared' is reserved for reference data and cannot be a department code"
        }
    }
}

/// What a replica (or a token) covers: one department plus shared reference data, or everything.
public enum ReplicaScope: Hashable, Sendable, CustomStringConvertible {
    /// A department replica: its own department, and `shared` read-only.
    case department(Scope)
    /// The central node: every department and `shared`.
    case central

    /// Whether records of `scope` are held (and synced) by this replica.
    public func holds(_ scope: Scope) -> Bool {
        switch self {
        case .central: return true
        case .department(let own): return scope == own || scope.isShared
        }
    }

    /// Whether this replica may originate writes in `scope` (`shared` is the central node's alone).
    public func mayWrite(_ scope: Scope) -> Bool {
        switch self {
        case .central: return true
        case .department(let own): return scope == own
        }
    }

    /// The scopes both sides hold, as a filter.
    public func intersection(_ other: ReplicaScope) -> ReplicaScope {
        switch (self, other) {
        case (.central, _): return other
        case (_, .central): return self
        case (.department(let a), .department(let b)):
            return a == b ? self : .sharedOnly
        }
    }

    /// A filter holding only the shared scope: what two different departments have in common.
    public static var sharedOnly: ReplicaScope { .department(.shared) }

    /// The textual form used in settings, status and on the wire: a department code or `*`.
    public var description: String {
        switch self {
        case .central: return "*"
        case .department(let scope): return scope.name
        }
    }

    /// Parses `*` or a department code.
    public init(parsing text: String) throws(ScopeError) {
        if text == "*" { self = .central } else { self = .department(try Scope(text)) }
    }
}
