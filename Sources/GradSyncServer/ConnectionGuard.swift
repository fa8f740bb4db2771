import NIOCore
import NIOHTTPTypes

/// One connection's header and body deadlines, and what it tells the `ConnectionLimiter` about it.
///
/// Hummingbird's own `idleTimeout` closes a connection with no request under way; it counts only decoded HTTP parts
/// as activity, so a head trickled a byte at a time is closed by it too, but only after the whole idle time. This
/// handler adds the two deadlines neither Hummingbird nor NIO offers: a request's head must be complete within
/// `headerTimeout` of its first byte, and its body within `bodyTimeout` of its head. It sits after the HTTP decoder
/// (it sees request and response parts) and puts a small observer at the front of the pipeline to learn when the
/// first byte of a request arrives. Bytes that arrive while a request is still being answered (pipelining) start
/// no deadline; the idle timeout still bounds them.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ConnectionLimits
    private let limiter: ConnectionLimiter
    /// Requests whose head has arrived and whose response has not been written in full.
    private var requestsInProgress = 0
    /// Whether a request's head has arrived and its end not yet.
    private var readingBody = false
    private var deadline: Scheduled<Void>?

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
        limiter.unregister(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        limiter.unregister(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestsInProgress += 1
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

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        requestsInProgress = max(0, requestsInProgress - 1)
        context.write(data, promise: promise)
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
