import EventDispatch
import Hummingbird
import Logging
import Persistence

/// The HTTP listener of `agentplanner worker`: `/metrics` alone, on `HOST:PORT`, with the worker's registry.
/// Built only when `METRICS_TOKEN` is set; the worker has nothing else to serve.
public func buildWorkerMetricsApplication(
    store: any DatabaseStore, configuration: ServerConfiguration, metrics: AppMetrics, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: V1ErrorMiddleware())
    Routes.addWorkerRoutes(
        to: router,
        metrics: MetricsController(
            metrics: metrics, token: configuration.observability.metricsToken, store: store, hub: nil, logger: logger))
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "agentplanner-worker"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger)
}
