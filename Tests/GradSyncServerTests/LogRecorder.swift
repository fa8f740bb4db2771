import Logging
import Synchronization

/// Keeps every log event in memory, so a test can read exactly what the server logged.
final class LogRecorder: Sendable {
    /// One logged event: its level, message and metadata rendered as text.
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let entries = Mutex<[Entry]>([])

    /// Everything logged so far.
    var all: [Entry] { entries.withLock { $0 } }

    /// Every message and metadata key and value, one event a line, for searching.
    var text: String {
        all.map { entry in
            ([entry.message] + entry.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// A logger that records into this recorder at every level.
    func makeLogger(label: String = "gradsync.serve.test") -> Logger {
        Logger(label: label) { _ in RecordingLogHandler(recorder: self) }
    }

    func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }
}

/// A log handler that hands each event to a `LogRecorder`.
struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        recorder.append(.init(level: event.level, message: event.message.description,
                              metadata: merged.mapValues { $0.description }))
    }
}
