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
        Self.problem(for: id, twins: (byTrimmed[Self.trimmed(id.key)] ?? []).filter { $0.key != id.key })
    }

    /// The live graduates of `scopes` whose key differs from `id`'s only in leading zeros, found by looking up each
    /// spelling a student number of at most `longest` characters can have, so that adding one graduate reads a few
    /// records rather than every graduate held (an import, which checks many, reads them once into an index instead).
    static func twins(of id: RecordID, scopes: [Scope], longest: Int = 32, in transaction: StoreTransaction) throws -> [RecordID] {
        let digits = trimmed(id.key)
        var found: [RecordID] = []
        for zeros in 0...max(0, longest - digits.count) {
            let key = String(repeating: "0", count: zeros) + digits
            guard key != id.key else { continue }
            for scope in scopes {
                let candidate = RecordID(scope: scope, collection: id.collection, key: key)
                if let record = try transaction.record(candidate), !record.isDeleted { found.append(candidate) }
            }
        }
        return found
    }

    /// The problem naming `id` and the held records that are its twins but for leading zeros; nil when there are none.
    static func problem(for id: RecordID, twins: [RecordID]) -> ValidationError? {
        guard !twins.isEmpty else { return nil }
        return GraduateSchema.field(named: "student_no")!.refusal(.string(id.key),
                                                                  Messages.leadingZeroTwin(id.key, held: twins.map { ($0.key, $0.scope.name) }))
    }
}
