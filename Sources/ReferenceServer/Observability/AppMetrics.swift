import CoreMetrics
import EventDispatch
import Prometheus

/// The Prometheus registry of one application instance and the swift-metrics factory over it.
///
/// swift-metrics' `MetricsSystem.bootstrap` is once per process; a registry owned by the application and
/// handed to the middleware and the dispatch engine keeps the figures of several servers in one process (the
/// tests run many) apart, and needs no bootstrap at all.
public struct AppMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[DispatchMetrics.latencyLabel] = DispatchMetrics.latencyBuckets
        self.registry = registry
        self.factory = factory
    }

    /// The dispatch engine's figures, in this registry.
    public var dispatch: DispatchMetrics { DispatchMetrics(factory: factory) }
}
