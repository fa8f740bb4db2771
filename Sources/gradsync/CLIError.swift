import ArgumentParser
import GradSyncCore
import GradSyncRecords
import GradSyncStore

/// A failure of a command, with the exit code the contract gives it.
enum CLIError: Error, CustomStringConvertible {
    /// A usage or configuration error: exit 2.
    case usage(String)
    /// Input refused (validation, a bad roster, a store refusal): exit 5.
    case refused(String)

    var exitCode: Int32 {
        switch self {
        case .usage: return 2
        case .refused: return 5
        }
    }

    var description: String {
        switch self {
        case .usage(let message), .refused(let message): return message
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
    } catch let error as CLIError {
        printError(error.description)
        throw ExitCode(error.exitCode)
    } catch let error as RecordsError {
        printError(error.description)
        switch error {
        case .ambiguous: throw ExitCode(2)
        case .refused, .invalid, .rosterRefused: throw ExitCode(5)
        }
    } catch let error as StoreError {
        printError(error.description)
        switch error {
        case .notInitialized, .alreadyInitialized: throw ExitCode(2)
        case .incompatibleFormat: throw ExitCode(1)
        default: throw ExitCode(5)
        }
    } catch let error as OwnerOnlyFile.Failure {
        // A file that cannot be written where the command was told to write it: a path to fix.
        printError(error.description)
        throw ExitCode(2)
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("internal error: \(error)")
        throw ExitCode(1)
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
