import Hummingbird
import Logging
import NIOCore

/// The request context of the reference server.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// v1 ran `express.json()` with its default 100 kb limit; larger bodies get 413.
    public var maxUploadSize: Int { 100 * 1024 }
}
