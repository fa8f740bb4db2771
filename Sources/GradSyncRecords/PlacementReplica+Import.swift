import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// What importing a roster did, or would do on a dry run.
public struct RosterImportOutcome: Sendable, Equatable {
    /// Graduates created, updated, and listed but left as they were.
    public var created = 0, updated = 0, unchanged = 0
    /// Changes written (or that would be).
    public var changes = 0
    /// Rows of deleted graduates left alone because restoring them was not asked for.
    public var skippedDeleted: [RosterRow] = []
}

extension PlacementReplica {
    /// Reads a roster file uploaded or named by any front end, CSV or .xlsx alike (told apart by its bytes, then
    /// its name: `RosterFormat.detect`), against this replica's departments; rows of a department replica's roster
    /// with no 学院 column are its own. `encoding` (nil: detect) applies to CSV, `sheet` (nil: the first) to .xlsx.
    ///
    /// The rows go to `importRoster`; a refusal's rows too (with its issues as `rowIssues`), so that every problem
    /// is listed at once.
    public func readRoster(file data: Data, named fileName: String?, encoding: TextEncoding? = nil,
                           sheet: String? = nil) throws -> Roster {
        let parser = RosterParser(departments: try rosterDirectory(), defaultDepartment: ownDepartment?.name)
        return try parser.parse(file: data, named: fileName, encoding: encoding, sheet: sheet)
    }

    /// Imports a roster's rows all or nothing, in one transaction that checks and writes them.
    ///
    /// Each row is checked as the record it would make: the fields shown now, overwritten by the row's cells
    /// (empty cells leave a field alone) and by what a destination change brings (the fields the new destination
    /// does not use cleared, review reset: `completedWrite`), with every record rule applied; a student number
    /// live in another department, or a new one equal to a held one but for leading zeros, is refused as
    /// `addGraduate` refuses it, and so are the central office's acts on a department replica. Any problem refuses the whole roster
    /// (`RecordsError.rosterRefused`, every problem in line order) and writes nothing; `rowIssues` from the
    /// parser join the list. With `dryRun` nothing is written and the outcome says what would be.
    @discardableResult
    public func importRoster(_ rows: [RosterRow], rowIssues: [RosterIssue] = [], restoreDeleted: Bool, dryRun: Bool,
                             author: String, progress: ((Int, Int) -> Void)? = nil) throws -> RosterImportOutcome {
        try store.transaction(author: author, dryRun: dryRun) { transaction in
            var issues = rowIssues
            var planned: [(write: RecordWrite, existed: Bool)] = []
            var outcome = RosterImportOutcome()
            // Read once: every new row asks every department whether its student number is live there.
            let departments = try self.departmentsHeld(in: transaction)
            var held = try self.studentNumberIndex(in: transaction, scopes: departments)
            for (index, row) in rows.enumerated() {
                progress?(index + 1, rows.count)
                guard let id = self.rosterRecord(row, issues: &issues) else { continue }
                let current = try transaction.record(id)
                if current?.isDeleted == true, !restoreDeleted {
                    outcome.skippedDeleted.append(row)
                    continue
                }
                let write = self.completedWrite(row.fields, over: current)
                let merged = Self.merged(current?.fields ?? [:], write, studentNumber: row.studentNumber)
                var problems = self.centralActProblems(current: current, writing: row.fields)
                if current == nil {
                    if let twin = held.problem(for: id) { problems.append(twin) }
                    held.insert(id)
                }
                problems += Self.writtenFieldProblems(write, key: id.key, keyField: "student_no", schema: GraduateSchema.field(named:))
                issues += row.issues(for: problems + self.problems(ofGraduate: merged, in: id.scope))
                if current == nil || current?.isDeleted == true {
                    do { try self.checkUnique(id, in: transaction, scopes: departments) } catch let error as RecordsError {
                        issues.append(RosterIssue(line: row.line, column: "学号", value: row.studentNumber, reason: error.description,
                                                  cell: row.cells["student_no"]))
                    }
                }
                planned.append((RecordWrite(record: id, fields: write, mode: .upsert, restoresDeleted: restoreDeleted), current != nil))
            }
            guard issues.isEmpty else { throw RecordsError.rosterRefused(Self.inLineOrder(issues)) }
            for item in planned {
                let changes = try transaction.write(item.write, prevalidated: true)
                if changes.isEmpty { outcome.unchanged += 1 } else if item.existed { outcome.updated += 1 } else { outcome.created += 1 }
                outcome.changes += changes.count
            }
            return outcome
        }
    }

    /// The record a roster row writes, or nil with an issue when its department is not this replica's to write.
    private func rosterRecord(_ row: RosterRow, issues: inout [RosterIssue]) -> RecordID? {
        if let own = ownDepartment, row.department != own.name {
            issues.append(RosterIssue(line: row.line, column: "学院", value: row.department,
                                      reason: "this replica holds department \(own) only; import other departments' rows there",
                                      cell: row.cells["department"]))
            return nil
        }
        do {
            return RecordID(scope: try Scope.department(row.department), collection: GraduateSchema.collection, key: row.studentNumber)
        } catch {
            issues.append(RosterIssue(line: row.line, column: "学院", value: row.department, reason: error.description,
                                      cell: row.cells["department"]))
            return nil
        }
    }

    /// Issues sorted by line, keeping the order found within a line.
    static func inLineOrder(_ issues: [RosterIssue]) -> [RosterIssue] {
        issues.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}
