import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// The live student numbers a replica holds, by their digits without leading zeros.
///
/// Excel drops leading zeros, so `0212001` and `212001` on two rosters are one student typed twice; a new student
/// number that equals a held one but for leading zeros is refused naming both, rather than made a second graduate.
struct StudentNumberIndex {
    private var byTrimmed: [String: [RecordID]] = [:]

    /// The live graduates of `scopes`, read inside the write's transaction.
    init(scopes: [Scope], in transaction: StoreTransaction) throws {
        for scope in scopes {
            for record in try transaction.records(collection: GraduateSchema.collection, scope: scope) { insert(record.id) }
        }
    }

    /// The key without its leading zeros (`0` for a key of zeros only).
    static func trimmed(_ key: String) -> String {
        let rest = key.drop { $0 == "0" }
        return rest.isEmpty ? "0" : String(rest)
    }

    /// Adds a student number, so a later row of the same roster is checked against it too.
    mutating func insert(_ id: RecordID) {
        byTrimmed[Self.trimmed(id.key), default: []].append(id)
    }

    /// The held records whose key differs from `id`'s only in leading zeros, as a problem naming both; nil when none.
    func problem(for id: RecordID) -> ValidationError? {
        let twins = (byTrimmed[Self.trimmed(id.key)] ?? []).filter { $0.key != id.key }
        guard !twins.isEmpty else { return nil }
        let held = twins.map { "\($0.key) (in \($0.scope.name))" }.joined(separator: ", ")
        return ValidationError(field: "student_no", value: id.key,
                               allowed: "a student number that is not one already held but for leading zeros: \(held) is held; "
                                + "学号 \(id.key) and \(twins[0].key) would be the same student, as Excel drops leading zeros")
    }
}
