import BenchSupport
import Foundation

/// The ceiling for each dashboard page: the plain SQLite statements that compute the same figures, written straight
/// against the replica file's tables (a second connection to it), with no records layer, no report code and no HTTP.
///
/// Each page's method runs what that page counts for the latest cohort and returns how many rows it read, so that the
/// work cannot be skipped. The latest cohort is looked up on every call, as the node does for every page.
final class PlainPages {
    // One connection, used by one benchmark at a time.
    let database: PlainSQLite
    let department: String
    private let cohorts: PlainSQLite.Statement
    private var grouped: [String: PlainSQLite.Statement] = [:]
    private let directory: PlainSQLite.Statement
    private let unplacedKeys: PlainSQLite.Statement
    private let recordFields: PlainSQLite.Statement
    private let keyGroupRecords: PlainSQLite.Statement
    private let ledger: PlainSQLite.Statement
    private let conflicted: PlainSQLite.Statement
    private let conflictCount: PlainSQLite.Statement
    private let head: PlainSQLite.Statement
    private let deleted: PlainSQLite.Statement
    private let clients: PlainSQLite.Statement
    private let suspects: PlainSQLite.Statement

    /// A live graduate's `grad_year` row `y`: not in the shared scope, and no shown deletion.
    static let live = """
        y.collection = 'graduate' AND y.field = 'grad_year' AND y.scope <> 'shared'
        AND NOT EXISTS (SELECT 1 FROM gs_field t WHERE t.scope = y.scope AND t.collection = 'graduate' AND t.key = y.key
                        AND t.field = '_deleted' AND t.value = 'true')
        """

    init(path: String, department: String) throws {
        database = try PlainSQLite(path: path)
        self.department = department
        cohorts = try database.prepare("SELECT DISTINCT y.value FROM gs_field y WHERE \(Self.live) ORDER BY CAST(y.value AS INTEGER)")
        directory = try database.prepare("SELECT key, value FROM gs_field WHERE scope = 'shared' AND collection = 'department' AND field = 'name'")
        unplacedKeys = try database.prepare("""
            SELECT y.key FROM gs_field y
            LEFT JOIN gs_field d ON d.scope = y.scope AND d.collection = 'graduate' AND d.key = y.key AND d.field = 'destination_code'
            WHERE \(Self.live) AND y.value = ?1 AND y.scope = ?2
              AND (d.value IS NULL OR d.value IN ('"70"', '"71"', '"72"') OR d.value LIKE '"70%')
            ORDER BY y.key LIMIT 100
            """)
        recordFields = try database.prepare("SELECT field, value FROM gs_field WHERE scope = ?1 AND collection = 'graduate' AND key = ?2")
        keyGroupRecords = try database.prepare("""
            SELECT f.scope, f.key, f.field, f.value FROM gs_field y
            JOIN gs_field k ON k.scope = y.scope AND k.collection = 'graduate' AND k.key = y.key AND k.field = 'key_groups' AND k.value <> '[]'
            JOIN gs_field f ON f.scope = y.scope AND f.collection = 'graduate' AND f.key = y.key
            WHERE \(Self.live) AND y.value = ?1
            ORDER BY f.scope, f.key
            """)
        ledger = try database.prepare("SELECT scope, key, field, value FROM gs_field WHERE collection = 'ledger' ORDER BY scope, key")
        // The conflicts page shows the journal's size and its first 50 entries (`ConflictsView.pageSize`).
        conflicted = try database.prepare("SELECT heads FROM gs_field WHERE conflicted = 1 ORDER BY scope, collection, key, field LIMIT 50")
        conflictCount = try database.prepare("SELECT count(*) FROM gs_field WHERE conflicted = 1")
        head = try database.prepare("SELECT value, author, hlc, origin FROM gs_change WHERE rowid = ?1")
        deleted = try database.prepare("SELECT scope, collection, key FROM gs_field WHERE field = '_deleted' AND value = 'true'")
        clients = try database.prepare("SELECT replica_id, scope, token_id, last_seen_ms, last_sync_ms, lacking FROM gs_client ORDER BY last_seen_ms DESC")
        suspects = try database.prepare("SELECT origin, max_ahead_ms, last_seen_ms FROM gs_clock_suspect ORDER BY origin")
    }

    /// Counts of the latest cohort's graduates by scope and the values of `fields`, optionally in one department.
    func groups(_ fields: [String], cohort: String, department: String? = nil) throws -> Int {
        let name = fields.joined(separator: ",") + (department == nil ? "" : "@")
        let statement: PlainSQLite.Statement
        if let prepared = grouped[name] {
            statement = prepared
        } else {
            var sql = "SELECT y.scope"
            for index in fields.indices { sql += ", f\(index).value" }
            sql += ", count(*) FROM gs_field y"
            for (index, field) in fields.enumerated() {
                sql += " LEFT JOIN gs_field f\(index) ON f\(index).scope = y.scope AND f\(index).collection = 'graduate'"
                    + " AND f\(index).key = y.key AND f\(index).field = '\(field)'"
            }
            sql += " WHERE \(Self.live) AND y.value = ?1" + (department == nil ? "" : " AND y.scope = ?2")
            sql += " GROUP BY " + (1...(fields.count + 1)).map(String.init).joined(separator: ", ")
            statement = try database.prepare(sql)
            grouped[name] = statement
        }
        defer { statement.reset() }
        statement.bind(1, cohort)
        if let department { statement.bind(2, department) }
        var rows = 0
        while try statement.step() { rows += Int(statement.integer(Int32(fields.count + 1))) > 0 ? 1 : 0 }
        return rows
    }

    /// The cohorts held (the selector), returning the latest.
    func latestCohort() throws -> String {
        defer { cohorts.reset() }
        var latest = ""
        while try cohorts.step() { latest = cohorts.text(0) }
        return latest
    }

    func departments() throws -> Int { try count(directory) }

    func overview() throws -> Int {
        let cohort = try latestCohort()
        return try departments() + groups(["destination_code"], cohort: cohort)
    }

    /// One department: its majors and degree levels, then the first 100 unplaced graduates, whole.
    func departmentPage() throws -> Int {
        let cohort = try latestCohort()
        var rows = try departments() + groups(["destination_code", "major_code", "major_name"], cohort: cohort, department: department)
        rows += try groups(["destination_code", "degree_level"], cohort: cohort, department: department)
        unplacedKeys.bind(1, cohort)
        unplacedKeys.bind(2, department)
        var keys: [String] = []
        while try unplacedKeys.step() { keys.append(unplacedKeys.text(0)) }
        unplacedKeys.reset()
        for key in keys {
            recordFields.bind(1, department)
            recordFields.bind(2, key)
            rows += try count(recordFields)
        }
        return rows
    }

    func destinations() throws -> Int { try groups(["destination_code"], cohort: latestCohort()) }

    func flows() throws -> Int {
        let cohort = try latestCohort()
        return try groups(["destination_code", "employer_region", "origin_region"], cohort: cohort)
            + groups(["destination_code", "employer_industry"], cohort: cohort)
            + groups(["destination_code", "employer_nature"], cohort: cohort)
    }

    func grassroots() throws -> Int {
        let cohort = try latestCohort()
        return try departments() + groups(["destination_code", "employer_nature"], cohort: cohort)
    }

    /// The key-group graduates' whole records, the university's destinations and the ledger.
    func assistance() throws -> Int {
        let cohort = try latestCohort()
        keyGroupRecords.bind(1, cohort)
        return try count(keyGroupRecords) + groups(["destination_code"], cohort: cohort) + count(ledger)
    }

    /// The first page of the conflict journal: how many entries it has, the first 50 conflicted fields with every
    /// head's value, author, stamp and origin, the deleted records to review, and the department names shown.
    func conflicts() throws -> Int {
        var heads: [Int64] = []
        while try conflicted.step() {
            heads += conflicted.text(0).split(separator: ",").compactMap { Int64($0) }
        }
        conflicted.reset()
        for rowID in heads {
            head.bind(1, rowID)
            _ = try count(head)
        }
        defer { conflictCount.reset() }
        guard try conflictCount.step() else { throw CentralBenchError("no count of the conflict journal") }
        return Int(conflictCount.integer(0)) + heads.count + (try count(deleted)) + (try departments())
    }

    /// The sync page: every client's health, the clock suspects and the department names shown.
    func sync() throws -> Int { try count(clients) + count(suspects) + departments() }

    /// `report placement --by department`: the latest cohort, the directory, destinations by department.
    func placementReport() throws -> Int { try overview() }

    private func count(_ statement: PlainSQLite.Statement) throws -> Int {
        defer { statement.reset() }
        var rows = 0
        while try statement.step() { rows += 1 }
        return rows
    }
}
