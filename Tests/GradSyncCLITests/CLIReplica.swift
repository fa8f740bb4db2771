import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// A replica made with `gradsync init` in a temporary directory, driven through the built binary.
final class CLIReplica: Sendable {
    /// Keeps the directory alive as long as the replica.
    let directory: TemporaryDirectory
    /// Runs `gradsync` with this replica as its home.
    let cli: CommandRunner

    /// Creates a replica with `gradsync init ARGUMENTS` (e.g. `--department AUTO` or `--central`).
    init(_ initArguments: [String], author: String = "test") throws {
        directory = try TemporaryDirectory()
        cli = CommandRunner(home: directory.file("home"), environment: ["GRADSYNC_AUTHOR": author])
        let created = try cli.run(["init"] + initArguments)
        try #require(created.exitCode == 0, "\(created.stderr)")
    }

    /// The central node holding Fixtures/report_roster.csv (departments AUTO and CS, six graduates), as the report
    /// and ledger tests read it.
    static func reportCentral() throws -> CLIReplica {
        let central = try CLIReplica(["--central"])
        try central.succeed(["department", "set", "AUTO", "自动化学院"])
        try central.succeed(["department", "set", "CS", "计算机学院"])
        try central.succeed(["import", try fixture("report_roster.csv")])
        return central
    }

    /// Runs a command and returns what it printed.
    @discardableResult
    func run(_ arguments: [String]) throws -> CommandRunner.Result {
        try cli.run(arguments)
    }

    /// Runs a command that must succeed, and returns its stdout.
    @discardableResult
    func succeed(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try cli.run(arguments)
        #expect(result.exitCode == 0, "gradsync \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// The replica's store, opened in-process (close it before the next command writes).
    func openStore() throws -> ReplicaStore {
        try ReplicaStore.open(at: directory.file("home/replica.sqlite"))
    }

    /// How many changes the replica holds.
    func changeCount() throws -> Int {
        let store = try openStore()
        defer { try? store.close() }
        return try store.changeCount()
    }

    /// Sends what `target` lacks from this replica, in-process, as a sync would.
    func send(to target: CLIReplica) throws {
        let source = try openStore()
        let destination = try target.openStore()
        defer {
            try? source.close()
            try? destination.close()
        }
        try ReplicaExchange.send(from: source, to: destination)
    }

    /// The path of a fixture file under Fixtures/.
    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")).path
    }

    /// Parses a command's JSON output.
    static func json(_ text: String) throws -> FieldValue {
        try FieldValue(parsingJSON: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension FieldValue {
    /// The member `name` of an object (nil otherwise), for reading command output in tests.
    subscript(_ name: String) -> FieldValue? {
        if case .object(let members) = self { return members[name] }
        return nil
    }

    /// The items of a list (empty otherwise).
    var items: [FieldValue] {
        if case .list(let items) = self { return items }
        return []
    }
}

/// Arguments of a valid employed graduate, for tests that need a complete record.
let employedFields = [
    "name=张三", "gender=1", "degree_level=本科", "grad_year=2025", "destination_code=10", "employer_name=福州智控科技有限公司",
    "employer_uscc=91350100M000100Y43", "employer_nature=39", "employer_industry=34", "employer_region=350100",
]

/// Arguments of a valid graduate still looking for work.
let unplacedFields = ["name=李四", "gender=2", "degree_level=本科", "grad_year=2025", "destination_code=70"]
