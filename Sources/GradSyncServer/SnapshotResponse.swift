import Foundation
import GradSyncSync
import Hummingbird
import NIOCore
import NIOPosix

/// The HTTP form of a snapshot: the cached file streamed as it is read (never held whole), named by its `ETag`, and
/// resumable with `Range: bytes=<offset>-` under `If-Range: "<etag>"` (protocol/SPEC.md 15.2).
enum SnapshotResponse {
    /// The resumption a request asks for: the snapshot named by `If-Range` from the offset `Range` names.
    struct Resume: Equatable {
        var name: String
        var offset: Int
    }

    /// A resumption asked for with `If-Range: "<name>"` and `Range: bytes=<offset>-`; nil for anything else (a
    /// range of another form is ignored, as HTTP allows, and the whole snapshot sent).
    static func resume(in headers: HTTPFields) -> Resume? {
        guard let validator = headers[.ifRange], let range = headers[.range] else { return nil }
        let name = validator.trimmingCharacters(in: .whitespaces)
        guard name.count > 2, name.hasPrefix("\""), name.hasSuffix("\""), range.hasPrefix("bytes="), range.hasSuffix("-"),
              let offset = Int(range.dropFirst(6).dropLast()), offset >= 0 else { return nil }
        return Resume(name: String(name.dropFirst().dropLast()), offset: offset)
    }

    /// The response sending `file` from `offset` (206 with `Content-Range` when the offset is inside it, else the
    /// whole file with 200). The file is opened here, so a newer snapshot replacing it meanwhile does not cut it short.
    static func make(_ file: SnapshotFile, resume: Resume?) throws -> Response {
        let offset = resume.flatMap { $0.name == file.name && $0.offset < file.size ? $0.offset : nil } ?? 0
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file.path))
        if offset > 0 { try handle.seek(toOffset: UInt64(offset)) }
        let body = ResponseBody(contentLength: file.size - offset) { writer in
            defer { try? handle.close() }
            while true {
                // Reads happen on NIO's blocking pool, never on Swift's cooperative threads.
                let piece = try await NIOThreadPool.singleton.runIfActive { try handle.read(upToCount: 256 * 1024) }
                guard let piece, !piece.isEmpty else { break }
                try await writer.write(ByteBuffer(bytes: piece))
            }
            try await writer.finish(nil)
        }
        var headers: HTTPFields = [.contentType: SnapshotFormat.mediaType, .eTag: "\"\(file.name)\"", .acceptRanges: "bytes"]
        if offset > 0 { headers[.contentRange] = "bytes \(offset)-\(file.size - 1)/\(file.size)" }
        return Response(status: offset > 0 ? .partialContent : .ok, headers: headers, body: body)
    }
}
