import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync

/// `gradsync audit`: the change log as evidence.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Export a department's signed change log for a third party to check.",
        subcommands: [AuditExportCommand.self])
}

/// `gradsync audit export --department X`: every change of a department, each stream with the tips its origin signed
/// and the origins' public keys, in the form of protocol/SPEC.md section 5.4.
struct AuditExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a department's change log with its signed stream tips and its writers' keys.",
        discussion: """
            The file holds every change of the department this replica holds, stream by stream from seq 1, with \
            the stream tips each writer signed with its key (as this replica verified them) and the public keys \
            this replica bound to each writer, with the department and token label of the binding. A third \
            party checks it without GradSync: python3 protocol/tools/audit_check.py FILE recomputes every \
            change's hash and each stream's chain and verifies every signature, and says which changes each \
            writer's key proves. Compare each key's fingerprint with `gradsync status` on the laptop itself \
            to be sure the key is the laptop's. The file holds personal information: it is written with mode 0600.

            Examples:
              gradsync audit export --department AUTO --output auto-audit.json
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: ArgumentHelp("The department whose log to export.", valueName: "CODE"))
    var department: String

    @Option(help: ArgumentHelp("Write to this file (mode 0600) instead of stdout.", valueName: "FILE"))
    var output: String?

    func run() throws {
        try reportingFailures {
            guard let scope = try? Scope.department(department) else {
                throw CLIError.usage("'\(department)' is not a department code (letters, digits, '_' and '-')")
            }
            let replica = try homeOptions.openReplica()
            let store = replica.store
            guard store.scope.holds(scope) else {
                throw CLIError.usage("this replica is of scope '\(store.scope)' and holds no changes of department \(department)")
            }
            let log = try replica.auditLog(of: scope)
            let file = AuditFile(log, scope: scope, exporter: store.replicaID, at: store.wallClockNow())
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            let data = try encoder.encode(file)
            if let output {
                try OwnerOnlyFile.replaceContents(of: output, with: data + Data("\n".utf8))
                let changes = log.streams.reduce(0) { $0 + $1.changes.count }
                printError("wrote \(changes) change(s) of \(log.streams.count) stream(s), \(log.streams.reduce(0) { $0 + $1.tips.count }) signed tip(s) "
                           + "and \(log.keys.count) key(s) of department \(department) to \(output)")
            } else {
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}

/// The audit file (protocol/SPEC.md, section 5.4).
struct AuditFile: Encodable {
    struct Key: Encodable {
        var replicaID: String
        var publicKey: String
        var fingerprint: String
        var scope: String?
        var tokenLabel: String?
        var boundAtMilliseconds: UInt64?
        var exporter: Bool
        var learnedFrom: String?
        enum CodingKeys: String, CodingKey {
            case replicaID = "replica_id", publicKey = "public_key", fingerprint, scope, tokenLabel = "token_label"
            case boundAtMilliseconds = "bound_at_ms", exporter, learnedFrom = "learned_from"
        }
    }
    struct Stream: Encodable {
        var origin: String
        var scope: String
        var seq: UInt64
        var changes: [WireChange]
        var tips: [WireTip]
    }
    var format = "gradsync-audit-v1"
    var scope: String
    var exportedBy: String
    var exportedAtMilliseconds: UInt64
    var keys: [Key]
    var streams: [Stream]

    enum CodingKeys: String, CodingKey {
        case format, scope, exportedBy = "exported_by", exportedAtMilliseconds = "exported_at_ms", keys, streams
    }

    init(_ log: AuditLog, scope: Scope, exporter: ReplicaID, at now: UInt64) {
        self.scope = scope.name
        exportedBy = exporter.hex
        exportedAtMilliseconds = now
        keys = log.keys.map { key in
            Key(replicaID: key.replicaID.hex, publicKey: key.publicKey, fingerprint: ReplicaKey.fingerprint(publicKeyHex: key.publicKey) ?? "",
                scope: key.binding?.scope, tokenLabel: key.binding?.tokenLabel, boundAtMilliseconds: key.binding?.boundAtMilliseconds,
                exporter: key.binding == nil, learnedFrom: key.binding?.learnedFrom)
        }
        streams = log.streams.map { stream in
            Stream(origin: stream.stream.origin.hex, scope: stream.stream.scope.name, seq: stream.changes.last?.change.id.seq ?? 0,
                   changes: stream.changes.map { WireChange($0.change, contentHash: $0.hash) }, tips: stream.tips.map(WireTip.init))
        }
    }
}
