import EventDispatch
import Foundation
import Hummingbird
import Logging
import Persistence
import ServiceLifecycle

/// Puts the dispatch engine into the server (unless `DISPATCH_IN_SERVER=false`); its API is in `Routes`.
enum DispatchWiring {
    /// The engine's services, each started once the schema is ready.
    static func services(_ dependencies: AppDependencies, ready: StartLatch, logger: Logger) -> [any Service] {
        let configuration = dependencies.configuration
        guard configuration.dispatch.enabledInServer else { return [] }
        let engine = DispatchEngine(
            store: dependencies.store, settings: configuration.dispatch, secrets: configuration.secretBox,
            adapters: .standard(settings: configuration.dispatch, transport: HTTPTransport(client: dependencies.http)),
            metrics: dependencies.metrics.dispatch)
        return engine.services(logger: logger).map { GatedService($0, after: ready) }
    }
}
