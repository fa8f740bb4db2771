import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GradSyncStore

/// Receives a snapshot's body as it arrives and writes it to an owner-only file, so a download of any size costs
/// the client a buffer, not the body; an answer other than 2xx is kept in memory (a short error message) instead.
///
/// Like `RedirectRefusal`, it follows no redirect, so the bearer token reaches the configured remote only.
final class SnapshotDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // Every mutable field is touched only from the session's delegate queue (serial), then read by `finish` after
    // the continuation resumed, which the last callback does: never two threads at once.
    private let path: String
    private let descriptor: Int32
    private let progress: @Sendable (Int) -> Void
    private var status = 0
    private var written = 0
    private var errorBody: [UInt8] = []
    private var writeFailure: OwnerOnlyFile.Failure?
    private var continuation: CheckedContinuation<Void, any Error>?
    /// The task opening the connection (`warmUp`), whose answer is dropped, and what waits for its end.
    private var warmUpTask: Int?
    private var warmUpContinuation: CheckedContinuation<Void, Never>?

    /// A download into a new file at `path` (mode 0600; refused when the file exists).
    init(path: String, progress: @escaping @Sendable (Int) -> Void) throws(OwnerOnlyFile.Failure) {
        self.path = path
        self.descriptor = try OwnerOnlyFile.openNew(path)
        self.progress = progress
    }

    deinit { close(descriptor) }

    /// Runs `task`, a short request on the same session, to its end and drops its answer whatever it is.
    ///
    /// URLSession on Linux (libcurl under libdispatch) spins on a core for as long as a request made on a new
    /// connection waits for its answer: a task whose connection another task opened waits without spinning.
    /// A snapshot's answer can take seconds to begin (the node builds it first), and the client would take a
    /// core from the node building it, so the download first opens the connection with a request that
    /// answers at once, and the snapshot's request then reuses it.
    func warmUp(_ task: URLSessionDataTask) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            self.warmUpTask = task.taskIdentifier
            self.warmUpContinuation = continuation
            task.resume()
        }
    }

    /// Runs `task` to its end; the HTTP status and the bytes written once it ended.
    func run(_ task: URLSessionDataTask) async throws -> (status: Int, written: Int, errorBody: [UInt8]) {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                self.continuation = continuation
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
        if let writeFailure { throw writeFailure }
        return (status, written, errorBody)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        guard dataTask.taskIdentifier != warmUpTask else { return completionHandler(.allow) }
        status = (response as? HTTPURLResponse)?.statusCode ?? 0
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard dataTask.taskIdentifier != warmUpTask, writeFailure == nil else { return }
        guard (200..<300).contains(status) else {
            if errorBody.count < 65_536 { errorBody += data.prefix(65_536 - errorBody.count) }
            return
        }
        do {
            try OwnerOnlyFile.writeAll(data, to: descriptor, path: path)
            written += data.count
            progress(written)
        } catch {
            writeFailure = error
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if task.taskIdentifier == warmUpTask {
            let warmUpContinuation = self.warmUpContinuation
            self.warmUpContinuation = nil
            warmUpTask = nil
            warmUpContinuation?.resume()
            return
        }
        let continuation = self.continuation
        self.continuation = nil
        if let error, writeFailure == nil { continuation?.resume(throwing: error) } else { continuation?.resume() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

extension HTTPTransport {
    /// Posts `message` to `path` and writes the answer's body to a new owner-only file at `file` as it arrives,
    /// telling `progress` the bytes written so far; returns how many were written. Not retried: a download cut
    /// short fails the sync (`unreachable`), and the next sync starts it over.
    ///
    /// No `Accept-Encoding` is sent: a snapshot is a gzip member in its own right, kept as it came.
    func download<Request: Encodable>(_ path: String, _ message: Request, to file: String,
                                      progress: @escaping @Sendable (Int) -> Void) async throws(SyncFailure) -> Int {
        let remaining = deadline - ContinuousClock.now
        var request = try request(path)
        do {
            request.httpBody = try Self.encoder.encode(message)
        } catch {
            throw .internalError(code: .encodeFailed, message: "could not encode the \(path) request: \(error)")
        }
        let download: SnapshotDownload
        do {
            download = try SnapshotDownload(path: file, progress: progress)
        } catch {
            throw .configuration(code: .internalError, message: "cannot keep the snapshot beside the replica: \(error)")
        }
        let session = URLSession(configuration: Self.sessionConfiguration(), delegate: download, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        // `GET healthz` opens the connection the snapshot's request reuses (see `warmUp`); its answer, or its
        // failure, is of no interest: the snapshot's request reports its own.
        var warmUp = URLRequest(url: baseURL.appendingPathComponent("healthz"))
        warmUp.timeoutInterval = max(1, min(10, Double(remaining.components.seconds)))
        await download.warmUp(session.dataTask(with: warmUp))
        let outcome: (status: Int, written: Int, errorBody: [UInt8])
        do {
            outcome = try await download.run(session.dataTask(with: request))
        } catch let error as OwnerOnlyFile.Failure {
            throw .configuration(code: .internalError, message: "cannot keep the snapshot beside the replica: \(error)")
        } catch let error as URLError where error.code == .timedOut {
            throw .unreachable(code: .timeout, message: "\(baseURL.absoluteString) did not answer in time")
        } catch let error as URLError where Self.isCertificateFailure(error) {
            throw .configuration(code: .tlsUntrusted, message: "the TLS certificate of \(baseURL.host ?? "the remote") is not trusted: \(error.localizedDescription); install the university CA in the system trust store (update-ca-certificates)")
        } catch {
            throw .unreachable(code: .connectionFailed, message: "the snapshot download from \(baseURL.absoluteString) failed: \(error.localizedDescription)")
        }
        guard (200..<300).contains(outcome.status) else {
            if (300..<400).contains(outcome.status) {
                throw Self.redirectFailure(status: outcome.status, location: nil, from: request.url ?? baseURL)
            }
            var body = outcome.errorBody
            if Gzip.isCompressed(body), let plain = try? Gzip.decompress(body, limit: 1 << 20) { body = plain }
            throw Self.failure(status: outcome.status, body: body, url: baseURL)
        }
        return outcome.written
    }
}
