import Foundation
import Logging
import Persistence
import ServiceLifecycle

/// Wakes the process's dispatch loops on Postgres notifications on the dispatch channel (`event`: fan-out,
/// `deliveries`: the workers); reconnects after a lost connection. Workers also poll, so a missed notification only costs one poll interval.
public struct PostgresWakeListener: Service {
    let store: PostgresStore
    let hub: WakeHub
    let logger: Logger

    public init(store: PostgresStore, hub: WakeHub, logger: Logger) {
        self.store = store
        self.hub = hub
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await store.listen(
                        channel: DispatchChannel.name, onListening: hub.wakeAll, onNotification: hub.wake(forNotification:))
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("dispatch LISTEN connection lost; reconnecting", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}

/// Assembles the dispatch engine's services for one process: the Postgres listener, fan-out, the workers and
/// the cron jobs.
public struct DispatchEngine: Sendable {
    public let store: any DatabaseStore
    public let settings: DispatchSettings
    public let secrets: SecretBox
    public let adapters: AdapterRegistry
    public let hub = WakeHub()
    public let metrics: DispatchMetrics

    public init(
        store: any DatabaseStore, settings: DispatchSettings, secrets: SecretBox, adapters: AdapterRegistry? = nil,
        metrics: DispatchMetrics = DispatchMetrics()
    ) {
        self.store = store
        self.settings = settings
        self.secrets = secrets
        self.adapters = adapters ?? .standard(settings: settings)
        self.metrics = metrics
    }

    public func makeWorker(name: String? = nil, logger: Logger) -> DispatchWorker {
        DispatchWorker(
            name: name, store: store, adapters: adapters, settings: settings, secrets: secrets, hub: hub, logger: logger,
            metrics: metrics)
    }

    public var fanout: EventFanout { EventFanout(store: store, adapters: adapters, batchSize: settings.fanOutBatchSize) }

    /// The Postgres listener (on Postgres) and fan-out.
    public func coordinationServices(logger: Logger) -> [any Service] {
        var services: [any Service] = []
        if let postgres = store as? PostgresStore {
            services.append(PostgresWakeListener(store: postgres, hub: hub, logger: logger))
        }
        services.append(
            FanoutService(fanout: fanout, hub: hub, pollInterval: settings.pollInterval, logger: logger, metrics: metrics))
        return services
    }

    /// Everything: listener, fan-out, `settings.workers` workers and, when enabled, cron.
    public func services(logger: Logger) -> [any Service] {
        var services = coordinationServices(logger: logger)
        for _ in 0..<max(1, settings.workers) { services.append(makeWorker(logger: logger)) }
        if settings.cron.enabled {
            services.append(CronService(cron: DispatchCron(store: store, settings: settings.cron), logger: logger))
        }
        return services
    }
}
