import Hummingbird
import Logging
import NIOCore

/// The request context of the reference server.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` on routes that require authentication.
    public var identity: AuthenticatedUser?
    /// The peer's address, for rate limiting when no `X-Forwarded-For` is present.
    public let remoteIP: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteIP = source.channel.remoteAddress?.ipAddress
    }

    /// v1 ran `express.json()` with its default 100 kb limit; larger bodies get 413.
    public var maxUploadSize: Int { 100 * 1024 }

    /// The authenticated caller; only on routes behind `AuthenticationMiddleware`.
    public func requireIdentity() throws -> AuthenticatedUser {
        guard let identity else { throw APIError(.unauthorized, "Authentication required") }
        return identity
    }
}
