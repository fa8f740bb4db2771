import NIOCore
import NIOHTTPTypes

/// One connection's header, body and write-stall deadlines, its bound on pipelining, and what it tells the
/// `ConnectionLimiter` about it.
///
/// Hummingbird's own `idleTimeout` closes a connection with no request under way; it counts only decoded HTTP parts
/// as activity, so a head trickled a byte at a time is closed by it too, but only after the whole idle time. This
/// handler adds the deadlines neither Hummingbird nor NIO offers: a request's head must be complete within
/// `headerTimeout` of its first byte, and its body within `bodyTimeout` of its head. It sits after the HTTP decoder
/// (it sees request and response parts) and puts a small observer at the front of the pipeline to learn when the
/// first byte of a request arrives. Bytes that arrive while a request is still being answered (pipelining) start
/// no deadline; the idle timeout still bounds them.
///
/// While a request is being answered the idle timer is off, so a client that asks for a large answer and never
/// reads it would hold its connection for good. The answer's drain is watched instead: while the channel is
/// unwritable (its unsent output above NIO's high-water mark), a connection of which the client takes no byte for
/// `writeStallTimeout` is closed, and one that has taken none for `stallGrace` is offered to the limiter as a
/// stalled writer. Large body parts are written in slices so that each slice handed to the kernel counts as
/// progress: a slow reader that keeps taking its answer, however long the answer, is never closed.
///
/// More than `maxRequestsInProgress` requests in progress at once closes the connection. NIO already stops reading
/// while the handler's queue is full, but every request decoded from one read is queued regardless, so a client
/// that sends thousands of requests in one burst and reads nothing would otherwise have them all answered into
/// buffers it never drains. No GradSync client pipelines (the sync client sends a request only once the answer
/// before it is read), so the bound costs them nothing.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long an answer may drain nothing before the limiter may close its connection to make room (when every
    /// slot is taken and none is idle or reading): long enough that a reader merely slower than the node is not
    /// taken for one that stopped.
    static let stallGrace: Duration = .seconds(1)
    /// The most requests a connection may have in progress (head read, answer not yet written in full).
    static let maxRequestsInProgress = 16
    /// Body parts larger than this are written in slices of it, so that the drain of a large answer is seen as it
    /// goes (NIO completes a write only once all its bytes are with the kernel). NIO's default high-water mark.
    static let drainSlice = 64 * 1024

    private let limits: ConnectionLimits
    private let limiter: ConnectionLimiter
    /// Requests whose head has arrived and whose response has not been written in full.
    private var requestsInProgress = 0
    /// Whether a request's head has arrived and its end not yet.
    private var readingBody = false
    private var deadline: Scheduled<Void>?
    /// While the channel is unwritable: when a byte of its output last went to the kernel (or it became unwritable).
    private var lastDrained: ContinuousClock.Instant?
    /// The next look at a stalled answer, while the channel is unwritable.
    private var stallCheck: Scheduled<Void>?
    /// Whether the limiter was told this connection's answer has stalled.
    private var reportedStalled = false

    init(limits: ConnectionLimits, limiter: ConnectionLimiter) {
        self.limits = limits
        self.limiter = limiter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        limiter.register(context.channel)
        let observer = FirstByteObserver(owner: self, context: context)
        try? context.pipeline.syncOperations.addHandler(observer, position: .first)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
        cancelStallCheck()
        limiter.unregister(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        cancelStallCheck()
        limiter.unregister(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Parts decoded after the connection was closed for pipelining too deep go nowhere.
        guard requestsInProgress <= Self.maxRequestsInProgress else { return }
        switch unwrapInboundIn(data) {
        case .head:
            requestsInProgress += 1
            guard requestsInProgress <= Self.maxRequestsInProgress else {
                context.close(promise: nil)
                return
            }
            readingBody = true
            limiter.note(context.channel, .reading(since: .now))
            schedule(limits.bodyTimeout, context: context)
        case .body:
            break
        case .end:
            readingBody = false
            cancelDeadline()
            limiter.note(context.channel, .answering)
        }
        context.fireChannelRead(data)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            lastDrained = nil
            cancelStallCheck()
            clearStalled(context: context)
        } else if lastDrained == nil {
            lastDrained = .now
            scheduleStallCheck(in: min(Self.stallGrace, limits.writeStallTimeout), context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        if case .body(var buffer) = part {
            while buffer.readableBytes > Self.drainSlice, let slice = buffer.readSlice(length: Self.drainSlice) {
                context.write(wrapOutboundOut(.body(slice)), promise: observingDrain(nil, context: context))
            }
            context.write(wrapOutboundOut(.body(buffer)), promise: observingDrain(promise, context: context))
            return
        }
        guard case .end = part else {
            context.write(data, promise: observingDrain(promise, context: context))
            return
        }
        requestsInProgress = max(0, requestsInProgress - 1)
        context.write(data, promise: observingDrain(promise, context: context))
        if requestsInProgress == 0, !readingBody, limiter.note(context.channel, .idle(since: .now)) {
            // Accepting is paused with every slot taken: this connection, just fallen idle, makes room.
            context.flush()
            context.close(promise: nil)
        }
    }

    /// The first byte of a request arrived while none was under way: its head is now due.
    fileprivate func firstByteArrived(context: ChannelHandlerContext) {
        guard requestsInProgress == 0, !readingBody, deadline == nil else { return }
        schedule(limits.headerTimeout, context: context)
    }

    private func schedule(_ timeout: Duration, context: ChannelHandlerContext) {
        cancelDeadline()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) { channel.close(promise: nil) }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }

    // MARK: Write stalls

    /// A promise for one write that notes, once the write's bytes are with the kernel, that the answer drains; it
    /// completes `promise` too.
    private func observingDrain(_ promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) -> EventLoopPromise<Void> {
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenSuccess { self.drained(context: context) }
        written.futureResult.cascade(to: promise)
        return written
    }

    /// Part of the answer went to the kernel: the client is taking it, so the connection is not stalled.
    private func drained(context: ChannelHandlerContext) {
        guard lastDrained != nil else { return }
        lastDrained = .now
        if reportedStalled {
            clearStalled(context: context)
            scheduleStallCheck(in: min(Self.stallGrace, limits.writeStallTimeout), context: context)
        }
    }

    /// Closes a connection whose answer has drained nothing for `writeStallTimeout`; past `stallGrace`, offers it
    /// to the limiter as a stalled writer (and closes it when the limiter needs its slot now).
    private func checkStall(context: ChannelHandlerContext) {
        stallCheck = nil
        guard let lastDrained else { return }
        let quiet = ContinuousClock.now - lastDrained
        guard quiet < limits.writeStallTimeout else {
            context.close(promise: nil)
            return
        }
        let grace = min(Self.stallGrace, limits.writeStallTimeout)
        guard quiet >= grace else {
            scheduleStallCheck(in: grace - quiet, context: context)
            return
        }
        if !reportedStalled {
            reportedStalled = true
            if limiter.noteStalled(context.channel, since: lastDrained) {
                // Accepting is paused with every slot taken: this connection, whose client stopped reading, makes room.
                context.close(promise: nil)
                return
            }
        }
        scheduleStallCheck(in: limits.writeStallTimeout - quiet, context: context)
    }

    private func scheduleStallCheck(in delay: Duration, context: ChannelHandlerContext) {
        cancelStallCheck()
        stallCheck = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(max(delay, .zero))) {
            self.checkStall(context: context)
        }
    }

    private func cancelStallCheck() {
        stallCheck?.cancel()
        stallCheck = nil
    }

    /// Tells the limiter the answer drains again, when it was told it had stalled.
    private func clearStalled(context: ChannelHandlerContext) {
        guard reportedStalled else { return }
        reportedStalled = false
        limiter.noteStalled(context.channel, since: nil)
    }
}

/// Sits at the front of a connection's pipeline and tells its `ConnectionGuard` when bytes arrive. With TLS it sees
/// the encrypted bytes, so a request's head (and, on a new connection, the TLS handshake before it) is due
/// `headerTimeout` after the first of them.
private final class FirstByteObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let owner: ConnectionGuard
    private let ownerContext: ChannelHandlerContext

    init(owner: ConnectionGuard, context: ChannelHandlerContext) {
        self.owner = owner
        self.ownerContext = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner.firstByteArrived(context: ownerContext)
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}
