import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncStore

/// `gradsync token issue|list|revoke`: bearer tokens of a serving node.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue, list and revoke the bearer tokens this node accepts.",
        subcommands: [Issue.self, List.self, Revoke.self])

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new bearer token (shown once; only its hash is stored).",
            discussion: """
                A department node issues tokens only for its own department.

                With --output the token goes into a new file of mode 0600 instead of stdout.

                Examples:
                  gradsync token issue --department AUTO --label "自动化学院 secretary laptop" \\
                      --output auto.token
                  gradsync token issue --central --output office.token
                """)

        @OptionGroup var homeOptions: HomeOptions

        @Option(help: ArgumentHelp("Issue a token for this department.", valueName: "CODE"))
        var department: String?

        @Flag(help: "Issue a token for the central office (every department).")
        var central = false

        @Option(help: "A note saying whom the token is for.")
        var label: String?

        @Option(help: ArgumentHelp("Write the token to this new file (mode 0600) instead of stdout.", valueName: "FILE"))
        var output: String?

        func validate() throws {
            guard (department != nil) != central else { throw ValidationError("give exactly one of --department CODE or --central") }
            if let department, !Scope.isValidDepartmentCode(department) || department == "shared" {
                throw ValidationError("department code '\(department)' is not valid: use 1–32 characters of A-Z, a-z, 0-9, '_' or '-'")
            }
        }

        func run() throws {
            try reportingFailures {
                let store = try homeOptions.replicaHome.openStore()
                let scope: ReplicaScope = central ? .central : .department(try Scope.department(department!))
                // The file is made before the token, so a path that cannot be written issues nothing.
                var file: Int32?
                if let output {
                    do {
                        file = try OwnerOnlyFile.openNew(output)
                    } catch let failure as OwnerOnlyFile.Failure where failure.alreadyExists {
                        throw CLIError.usage("\(output) already exists; choose a new file (a token file is never overwritten)")
                    }
                }
                defer { if let file { close(file) } }
                do {
                    let (info, token) = try store.tokens.issue(scope: scope, label: label)
                    if let file, let output {
                        try OwnerOnlyFile.writeAll(Data((token + "\n").utf8), to: file, path: output)
                        printError("issued token \(info.id) for scope '\(scope)' into \(output) (mode 0600)")
                    } else {
                        print(token)
                        printError("issued token \(info.id) for scope '\(scope)'; it is shown only this once")
                    }
                } catch let error as TokenError {
                    if let output { try? FileManager.default.removeItem(atPath: output) }
                    throw CLIError.usage(error.description)
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List issued tokens (never their secrets).",
            discussion: "Example:\n  gradsync token list --json")

        @OptionGroup var homeOptions: HomeOptions

        @Flag(help: "Print one JSON object.")
        var json = false

        func run() throws {
            try reportingFailures {
                let tokens = try homeOptions.replicaHome.openStore().tokens.all()
                if json {
                    let rows: [[String: String]] = tokens.map { token in
                        var row = ["id": token.id, "scope": token.scope.description, "created_at": isoTime(token.createdAtMilliseconds),
                                   "status": token.revokedAtMilliseconds == nil ? "active" : "revoked"]
                        if let label = token.label { row["label"] = label }
                        if let used = token.lastUsedMilliseconds { row["last_used_at"] = isoTime(used) }
                        return row
                    }
                    try printJSON(["tokens": rows])
                } else if tokens.isEmpty {
                    print("no tokens issued")
                } else {
                    for token in tokens {
                        let status = token.revokedAtMilliseconds == nil ? "active" : "revoked"
                        print([token.id, token.scope.description, status, isoTime(token.createdAtMilliseconds), token.label ?? ""].joined(separator: "\t"))
                    }
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token: requests with it are refused from now on.",
            discussion: "Example:\n  gradsync token revoke 3f9a0c1d2e4b5a67")

        @OptionGroup var homeOptions: HomeOptions

        @Argument(help: "The token id shown by 'token list'.")
        var id: String

        func run() throws {
            try reportingFailures {
                do {
                    try homeOptions.replicaHome.openStore().tokens.revoke(id: id)
                    printError("revoked token \(id)")
                } catch let error as TokenError {
                    throw CLIError.usage(error.description)
                }
            }
        }
    }
}

/// ISO 8601 (UTC) of Unix milliseconds.
func isoTime(_ milliseconds: UInt64) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
}

/// Prints one JSON object with sorted keys on stdout.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
