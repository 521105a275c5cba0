import ArgumentParser
import EventDispatch
import Hummingbird
import Logging
import Persistence
import ReferenceServer
import ServiceLifecycle

/// `agentplanner worker`: the dispatch engine alone (fan-out, workers, cron), to scale delivery out. Several
/// worker processes on one Postgres cooperate through leases; none sends a delivery another holds.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run the dispatch engine without the HTTP server (same configuration as serve)."
    )

    @OptionGroup var settings: ServerSettingsOptions

    @Option(help: "Workers in this process (env DISPATCH_WORKERS, default 1).")
    var workers: Int?

    @Flag(name: .customLong("no-cron"), help: "Do not run the maintenance jobs in this process.")
    var noCron = false

    func validate() throws {
        if let workers, !(1...64).contains(workers) { throw ValidationError("--workers must be 1 to 64") }
    }

    func run() async throws {
        try await reportingFailures {
            var configuration = try settings.load()
            let logger = CommandLogging.bootstrap(
                level: configuration.logLevel, format: configuration.observability.logFormat)
            configuration = try JWTSecretStore.resolve(configuration, logger: logger)
            if let workers { configuration.dispatch.workers = workers }
            if noCron { configuration.dispatch.cron.enabled = false }
            let store = try await DatabaseStores.open(configuration.database, logger: logger)
            let metrics = AppMetrics()
            let engine = DispatchEngine(
                store: store, settings: configuration.dispatch, secrets: configuration.secretBox,
                metrics: metrics.dispatch)
            let ready = StartLatch()
            let preparation = SchemaPreparationService(
                store: store, migrate: configuration.migrateOnStart, ready: ready, logger: logger)
            var services: [any Service] = [store, preparation]
            services += engine.services(logger: logger).map { GatedService($0, after: ready) }
            // With METRICS_TOKEN set, the worker listens on HOST:PORT for /metrics (its dispatch figures).
            if configuration.observability.metricsToken != nil {
                services.append(
                    buildWorkerMetricsApplication(
                        store: store, configuration: configuration, metrics: metrics, logger: logger))
            }
            let group = ServiceGroup(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            logger.info(
                "dispatch worker starting",
                metadata: ["database": "\(configuration.database)", "workers": "\(configuration.dispatch.workers)"])
            try await group.run()
        }
    }
}

/// Brings the schema up to date (or checks it), opens the latch, then idles until shutdown.
struct SchemaPreparationService: Service {
    let store: any DatabaseStore
    let migrate: Bool
    let ready: StartLatch
    let logger: Logger

    func run() async throws {
        try await SchemaPreparation.prepare(store, migrate: migrate, logger: logger)
        ready.open()
        try? await gracefulShutdown()
    }
}
