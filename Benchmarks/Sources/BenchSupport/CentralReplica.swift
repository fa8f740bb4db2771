import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// A central node's replica at university scale: every department's graduates of several cohorts, as the departments'
/// laptops would have pushed them, plus a few concurrent edits so the conflict journal is not empty.
///
/// Building it applies millions of changes, so it is made once and kept on disk: a later run with the same shape
/// reopens the file (and runs any migration added since on it, as a node upgrading in place would).
public enum CentralReplica {
    /// The shape of a generated university.
    public struct Shape: Sendable, CustomStringConvertible {
        public var graduates: Int
        public var cohorts: Int
        public var departments: Int
        /// Graduates of one department given a concurrent edit of their destination (a conflict journal entry each).
        public var conflicts: Int

        /// A university of `graduates` over `cohorts` cohorts and `departments` departments.
        public init(graduates: Int = 500_000, cohorts: Int = 10, departments: Int = 30, conflicts: Int = 300) {
            self.graduates = graduates
            self.cohorts = cohorts
            self.departments = departments
            self.conflicts = conflicts
        }

        /// Graduates of one department and cohort.
        public var perCohort: Int { max(1, graduates / (cohorts * departments)) }
        /// The first cohort; the latest is `firstYear + cohorts - 1`.
        public var firstYear: Int { 2025 - cohorts }
        public var latestYear: Int { firstYear + cohorts - 1 }

        public var description: String { "\(graduates)-\(cohorts)-\(departments)-\(conflicts)" }
    }

    /// The code of the `number`-th department (0-based): `D01`, `D02`, …
    public static func department(_ number: Int) -> String { "D" + (number < 9 ? "0" : "") + String(number + 1) }

    /// The replica file of `shape` under `directory`, built when it is missing (a half-built file is never kept).
    public static func path(_ shape: Shape, in directory: String, log: (String) -> Void = { print($0) }) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("central-\(shape).sqlite")
        if FileManager.default.fileExists(atPath: path) { return path }
        let building = path + ".building"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: building + suffix) }
        let started = ContinuousClock.now
        try build(shape, at: building, log: log)
        try FileManager.default.moveItem(atPath: building, toPath: path)
        log("built \(path) in \(ContinuousClock.now - started)")
        return path
    }

    /// Applies every department's graduates, cohort by cohort, in pages of 5,000 changes (the remote-apply path a
    /// push takes), then the concurrent edits. The code lists are not checked on the way in: the generator's regions
    /// are made up from province prefixes, and what is measured here is reading, not arrival.
    static func build(_ shape: Shape, at path: String, log: (String) -> Void) throws {
        let store = try ReplicaStore.create(at: path, scope: .central, options: .init(validator: AcceptAllValidator()))
        let stamp = Fixtures.monthAgo
        for number in 0..<shape.departments {
            let code = department(number)
            let scope = try Scope.department(code)
            let origin = ReplicaID.random()
            var seq: UInt64 = 1
            var page: [Change] = []
            for cohort in 0..<shape.cohorts {
                let generator = GraduateGenerator(department: code, departmentNumber: number + 1, year: Int64(shape.firstYear + cohort))
                for index in 0..<shape.perCohort {
                    let changes = generator.changes(index, origin: origin, scope: scope, firstSeq: seq,
                                                    firstStamp: HLCTimestamp(rawValue: stamp.rawValue + seq))
                    seq += UInt64(changes.count)
                    page += changes
                    if page.count >= 5_000 {
                        try store.apply(page)
                        page.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !page.isEmpty { try store.apply(page) }
            log("department \(code): \(seq - 1) changes")
        }
        // Another laptop of the first department sets the destination of a few latest-cohort graduates without having
        // seen the first laptop's value: concurrent edits, each listed in the conflict journal.
        let code = department(0)
        let generator = GraduateGenerator(department: code, departmentNumber: 1, year: Int64(shape.latestYear))
        let other = ReplicaID.random()
        let changes = (0..<min(shape.conflicts, shape.perCohort)).map { index in
            Change(id: ChangeID(origin: other, scope: try! Scope.department(code), seq: UInt64(index + 1)),
                   hlc: HLCTimestamp(rawValue: stamp.rawValue + UInt64(index + 1)), collection: GraduateSchema.collection,
                   key: generator.studentNumber(index), field: "destination_code", value: .string("70"), author: "secretary 2")
        }
        if !changes.isEmpty { try store.apply(changes) }
    }
}
