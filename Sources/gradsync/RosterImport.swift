import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// What importing a parsed roster would do: one write per row, and every problem found on the merged records.
///
/// Each row is checked as the record it would make: the fields shown now, overwritten by the row's
/// cells (empty cells leave a field alone), with every record rule applied.
struct RosterImport {
    /// The writes, one per imported row, in file order.
    private(set) var writes: [RecordWrite] = []
    /// Whether each write's record existed before (live or deleted), aligned with `writes`.
    private(set) var existed: [Bool] = []
    /// Rows refused, with line, column, value and reason; any of them stops the whole import.
    private(set) var issues: [RosterIssue] = []
    /// Rows of deleted graduates left alone because `--restore-deleted` was not given.
    private(set) var skippedDeleted: [RosterRow] = []
    /// Things to tell the user that do not stop the import.
    private(set) var warnings: [String] = []

    /// Plans the import of a roster's rows into the replica.
    init(_ rows: [RosterRow], replica: ReplicaContext, restoreDeleted: Bool) throws {
        let validator = GraduateValidator()
        let progress = ProgressLine("checking rows", total: rows.count)
        defer { progress.finish() }
        for (index, row) in rows.enumerated() {
            progress.update(index + 1)
            if let own = replica.ownDepartment, row.department != own.name {
                issues.append(RosterIssue(line: row.line, column: "学院", value: row.department,
                                          reason: "this replica holds department \(own) only; import other departments' rows there"))
                continue
            }
            let scope: Scope
            do { scope = try Scope.department(row.department) } catch {
                issues.append(RosterIssue(line: row.line, column: "学院", value: row.department, reason: error.description))
                continue
            }
            let id = RecordID(scope: scope, collection: GraduateSchema.collection, key: row.studentNumber)
            let current = try replica.store.record(id)
            if current?.isDeleted == true, !restoreDeleted {
                skippedDeleted.append(row)
                continue
            }
            let merged = GraduateRules.merged(current?.fields ?? [:], row.fields, studentNumber: row.studentNumber)
            issues += row.issues(for: validator.validateRecord(merged))
            let elsewhere = try replica.otherLiveDepartments(of: id)
            if !elsewhere.isEmpty {
                warnings.append("line \(row.line): student number \(row.studentNumber) is also live in \(elsewhere.joined(separator: ", ")); review it")
            }
            writes.append(RecordWrite(record: id, fields: row.fields, mode: .upsert, restoresDeleted: restoreDeleted))
            existed.append(current != nil)
        }
    }
}
