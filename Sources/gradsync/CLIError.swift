import ArgumentParser
import GradSyncCore
import GradSyncRecords
import GradSyncStore
import GradSyncSync

/// A failure of a command that the CLI itself finds (a bad option, an unreadable file).
enum CLIError: Error, CustomStringConvertible {
    /// A usage or configuration error.
    case usage(String)
    /// Input refused (validation, a bad roster).
    case refused(String)

    var description: String {
        switch self {
        case .usage(let message), .refused(let message): return message
        }
    }
}

/// How the command line reports any error: the exit code and one-word status of `shared/CLI.md`, a machine
/// code and a sentence. The one place where errors of every layer become exit codes.
struct CommandFailure {
    /// The contract's exit code.
    var exitCode: Int32
    /// The contract's one-word status (`--json` output).
    var status: String
    /// The machine reason (`--json` output).
    var code: String
    /// The sentence for people.
    var message: String

    /// The contract's status words, by exit code.
    static let statuses: [Int32: String] = [1: "error", 2: "usage", 3: "unreachable", 4: "unauthorized", 5: "refused", 6: "locked"]

    init(exitCode: Int32, code: String, message: String) {
        self.exitCode = exitCode
        self.status = Self.statuses[exitCode] ?? "error"
        self.code = code
        self.message = message
    }

    /// Classifies any error a command meets.
    init(_ error: any Error) {
        switch error {
        case CLIError.usage(let message):
            self.init(exitCode: 2, code: "usage", message: message)
        case CLIError.refused(let message):
            self.init(exitCode: 5, code: "refused", message: message)
        case let error as RecordsError:
            switch error {
            case .ambiguous: self.init(exitCode: 2, code: "usage", message: error.description)
            case .refused: self.init(exitCode: 5, code: "refused", message: error.description)
            case .invalid, .rosterRefused: self.init(exitCode: 5, code: "validation_failed", message: error.description)
            }
        case let error as StoreError:
            switch error {
            // A replica this build cannot open is a matter of configuration: the wrong home, or an older gradsync.
            case .notInitialized, .alreadyInitialized, .incompatibleFormat: self.init(exitCode: 2, code: error.code, message: error.description)
            default: self.init(exitCode: 5, code: error.code, message: error.description)
            }
        case let error as SyncFailure:
            self.init(exitCode: error.exitCode, code: error.code.rawValue, message: error.description)
        case let error as OwnerOnlyFile.Failure:
            // A file that cannot be written where the command was told to write it: a path to fix.
            self.init(exitCode: 2, code: "usage", message: error.description)
        case let error where StoreError.isBusy(error):
            self.init(exitCode: 1, code: "busy",
                      message: "the replica's database stayed busy: another gradsync process held its write lock for longer than the wait allows; nothing was written, try again")
        default:
            self.init(exitCode: 1, code: "internal", message: "internal error: \(error)")
        }
    }
}

extension SyncFailure {
    /// The contract's exit code for each class of sync failure.
    var exitCode: Int32 {
        switch self {
        case .configuration: return 2
        case .unreachable: return 3
        case .unauthorized: return 4
        case .refused: return 5
        case .internalError: return 1
        }
    }
}

/// Runs an async command body (`serve`) as the synchronous form below runs any other.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    let outcome: Result<T, any Error>
    do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
    let synchronous: (() throws -> T) throws -> T = reportingFailures
    return try synchronous { try outcome.get() }
}

/// Runs a command body, printing any failure to stderr and turning it into the contract's exit code.
///
/// Commands are synchronous unless they must wait on the network (`sync`, `serve`): their store and records calls
/// block, so `main` runs them on the main thread before anything awaits, never on Swift's cooperative pool.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let failure = CommandFailure(error)
        printError(failure.message)
        throw ExitCode(failure.exitCode)
    }
}

/// Writes a line to stderr, any control character in it escaped (the message may repeat typed or received text).
func printError(_ message: String) {
    var standardError = StandardError()
    print("gradsync: \(FieldDisplay.visibleLines(message))", to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleOutput.standardError(string)
    }
}
