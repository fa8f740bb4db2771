import Foundation
import Logging

/// How the executable logs: text lines or JSON lines on stderr. Only the executable bootstraps logging.
enum LogFormat: String, CaseIterable, Sendable {
    case text, json
}

/// Bootstraps swift-log once for this process.
func bootstrapLogging(format: LogFormat, level: Logger.Level = .info) {
    LoggingSystem.bootstrap { label in
        var handler: any LogHandler = switch format {
        case .text: StreamLogHandler.standardError(label: label)
        case .json: JSONLinesLogHandler(label: label)
        }
        handler.logLevel = level
        return handler
    }
}

/// One JSON object per log line: time, level, label, message and metadata.
struct JSONLinesLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue,
            "label": label, "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = value.description }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(object) else { return }
        FileHandle.standardError.write(data + Data("\n".utf8))
    }
}
