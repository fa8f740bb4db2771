import Hummingbird
import NIOCore

/// The context of every request the node serves: Hummingbird's basic one plus the address the request came from,
/// which the dashboard's sign-in throttle counts failures by.
public struct NodeRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer's address; nil for an in-process test client.
    public let remoteAddress: SocketAddress?

    /// A context for a request read from `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
