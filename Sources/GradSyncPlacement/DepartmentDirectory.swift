/// The university's departments: code ↔ Chinese name (reference data kept in the `shared` scope).
public struct DepartmentDirectory: Sendable, Equatable {
    /// The collection of the directory's records in the shared scope: key = code, field `name`.
    public static let collection = "department"

    /// Department names by code, e.g. `AUTO` → `自动化学院`.
    public let names: [String: String]

    /// Makes a directory from a code → name map.
    public init(_ names: [String: String]) {
        self.names = names
    }

    /// The department code a roster cell means: a code or a Chinese name (surrounding spaces ignored).
    public func code(for cell: String) -> String? {
        let text = cell.trimmingSpaces
        if names[text] != nil { return text }
        return names.first { $0.value == text }?.key
    }

    /// The department's Chinese name, or the code when the directory does not name it.
    public func name(of code: String) -> String { names[code] ?? code }

    /// What a roster's department cell may hold, for messages.
    public var allowedDescription: String {
        Messages.departmentOfDirectory(names.keys.sorted().map { ($0, names[$0]!) })
    }
}
