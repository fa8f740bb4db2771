import GradSyncCore
import GradSyncStore

/// A checked change to an existing graduate, shared by `graduate set` and `conflicts resolve`.
struct GraduateEdit {
    let replica: ReplicaContext
    let author: String

    /// Writes `values` to the graduate when the record after the write passes every rule; returns the changes written.
    func set(_ studentNumber: String, department: String?, values: [String: FieldValue]) throws -> [Change] {
        let record = try replica.graduate(studentNumber, department: department)
        guard !record.isDeleted else { throw StoreError.recordDeleted(record.id) }
        try GraduateRules.check(GraduateRules.merged(record.fields, values, studentNumber: studentNumber), studentNumber: studentNumber)
        let written = values.filter { !$0.value.isNull || record.fields[$0.key] != nil }
        return try replica.store.write(record.id, fields: written, mode: .update, author: author)
    }
}
