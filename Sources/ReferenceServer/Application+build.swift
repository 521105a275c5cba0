import Credentials
import EventDispatch
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import OutboundHTTP
import Persistence
import ServiceLifecycle

/// What the controllers share: the database, the resolved configuration, the outbound mailer and the
/// realtime hub with the bus that feeds it (PostgreSQL NOTIFY across instances; in-process on SQLite).
public struct AppDependencies: Sendable {
    public let store: any DatabaseStore
    public let configuration: ServerConfiguration
    public let mailer: (any Mailer)?
    public let hub: RealtimeHub
    /// The process's outbound HTTP client (GitHub, Slack, the adapters), shut down with the server.
    public let http: OutboundHTTPClient
    /// This instance's Prometheus registry: the HTTP middleware, the dispatch engine and `/metrics` share it.
    public let metrics = AppMetrics()
    let realtime: any RealtimeBus
    /// Signs tokens when the configuration carries no secret (dependencies built by hand in tests).
    let throwawaySecret = UUID().uuidString + UUID().uuidString

    /// `mailer` nil logs mail (development); tests pass a `CapturingMailer`.
    public init(
        store: any DatabaseStore, configuration: ServerConfiguration, mailer: (any Mailer)? = nil, logger: Logger? = nil
    ) {
        self.store = store
        self.configuration = configuration
        self.mailer = mailer
        self.http = OutboundHTTPClient()
        let hub = RealtimeHub()
        self.hub = hub
        if let notifications = PostgresNotifications(store) {
            self.realtime = PostgresRealtimeBus(
                hub: hub, notifications: notifications, logger: logger ?? Logger(label: "agentplanner.realtime"))
        } else {
            self.realtime = LocalRealtimeBus(hub: hub)
        }
    }
}

/// Builds the reference server: opens the database, prepares its schema on start, wires the router.
/// Tests call the same function with their own configuration (port 0, a database of their choice).
public func buildApplication(
    _ configuration: ServerConfiguration, logger: Logger? = nil, mailer: (any Mailer)? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "agentplanner")
    logger.logLevel = configuration.logLevel
    let configuration = try JWTSecretStore.resolve(configuration, logger: logger)
    let store = try await DatabaseStores.open(configuration.database, logger: logger)
    return buildApplication(
        AppDependencies(store: store, configuration: configuration, mailer: mailer, logger: logger), logger: logger,
        onServerRunning: onServerRunning)
}

/// Builds the server over an open store. `onServerRunning` receives the bound port (useful with port 0).
public func buildApplication(
    _ dependencies: AppDependencies, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let configuration = dependencies.configuration
    let socketRouter = Router(context: BasicWebSocketRequestContext.self)
    Routes.addSocketRoutes(
        to: socketRouter,
        CollaborationSocket(
            hub: dependencies.hub, authenticator: authenticator(dependencies, logger: logger), store: dependencies.store))
    let schemaReady = StartLatch()
    var services: [any Service] = [dependencies.store, dependencies.http]
    if let bus = dependencies.realtime as? PostgresRealtimeBus { services.append(bus) }
    services += DispatchWiring.services(dependencies, ready: schemaReady, logger: logger)
    var app = Application(
        router: buildRouter(dependencies, logger: logger),
        server: .http1WebSocketUpgrade(webSocketRouter: socketRouter),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "agentplanner"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
        logger: logger
    )
    app.beforeServerStarts {
        try await SchemaPreparation.prepare(
            dependencies.store, migrate: configuration.migrateOnStart, logger: logger)
        if let bus = dependencies.realtime as? PostgresRealtimeBus { await bus.waitUntilListening() }
        schemaReady.open()
    }
    return app
}

/// Verifies API tokens and JWTs for the HTTP routes and the websocket.
func authenticator(_ dependencies: AppDependencies, logger: Logger) -> Authenticator {
    // buildApplication(configuration) always resolves a secret; a test that builds dependencies by hand
    // without one gets a throwaway secret rather than a crash.
    let secret = dependencies.configuration.jwtSecret ?? dependencies.throwawaySecret
    return Authenticator(
        store: dependencies.store, accessTokens: AccessTokenService(secret: secret, settings: dependencies.configuration.auth),
        logger: logger)
}

/// Wires middleware and the route map (`Routes`) over the features built from the dependencies.
public func buildRouter(_ dependencies: AppDependencies, logger: Logger) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: HTTPMetricsMiddleware(factory: dependencies.metrics.factory))
    router.add(middleware: V1CORSMiddleware(allowedOrigins: V1CORSMiddleware<AppRequestContext>.v1Origins))
    router.add(middleware: V1ErrorMiddleware())
    router.add(middleware: FormQueryMiddleware())
    router.add(middleware: RateLimitMiddleware(settings: dependencies.configuration.rateLimits))
    let authentication = AuthenticationMiddleware(authenticator: authenticator(dependencies, logger: logger))
    Routes.add(to: router, Features(dependencies, logger: logger), authentication: authentication)
    return router
}

/// Brings the schema up to date on start, or refuses to start against one this binary cannot serve.
public enum SchemaPreparation {
    public static func prepare(_ store: any DatabaseStore, migrate: Bool, logger: Logger) async throws {
        let migrator = Migrator(store: store)
        if migrate {
            try await migrator.migrate(logger: logger)
            return
        }
        let status = try await migrator.status()
        try status.checkCompatible()
        if !status.pending.isEmpty {
            throw SchemaNotReady(pending: status.pending.map(\.version))
        }
    }
}

/// The server was told not to migrate and the schema is behind.
public struct SchemaNotReady: Error, CustomStringConvertible {
    public let pending: [Int]
    public var description: String {
        "the database has \(pending.count) pending migration(s) \(pending); run `agentplanner db migrate` first"
    }
}
