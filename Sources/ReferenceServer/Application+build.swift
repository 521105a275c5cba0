import AsyncHTTPClient
import EventDispatch
import Foundation
import Hummingbird
import Logging
import Persistence
import HummingbirdWebSocket
import ServiceLifecycle

/// What the controllers share: the database, the resolved configuration, the outbound mailer and the
/// realtime hub with the bus that feeds it (PostgreSQL NOTIFY across instances; in-process on SQLite).
public struct AppDependencies: Sendable {
    public let store: any DatabaseStore
    public let configuration: ServerConfiguration
    public let mailer: (any Mailer)?
    public let hub: RealtimeHub
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
    CollaborationSocket(hub: dependencies.hub, authenticator: authenticator(dependencies, logger: logger), store: dependencies.store)
        .addRoutes(to: socketRouter)
    let schemaReady = StartLatch()
    var services: [any Service] = [dependencies.store]
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

/// Wires middleware and controllers.
public func buildRouter(_ dependencies: AppDependencies, logger: Logger) -> Router<AppRequestContext> {
    let configuration = dependencies.configuration
    let store = dependencies.store
    let secret = configuration.jwtSecret ?? dependencies.throwawaySecret
    let accessTokens = AccessTokenService(secret: secret, settings: configuration.auth)
    let authenticator = authenticator(dependencies, logger: logger)
    let authentication = AuthenticationMiddleware(authenticator: authenticator)
    let auth = AuthService(
        store: store, hasher: PasswordHasher(cost: configuration.auth.bcryptCost), accessTokens: accessTokens,
        signedTokens: SignedTokens(secret: secret), mailer: dependencies.mailer ?? LoggingMailer(logger: logger),
        settings: configuration.auth, logger: logger)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: V1CORSMiddleware(allowedOrigins: V1CORSMiddleware<AppRequestContext>.v1Origins))
    router.add(middleware: V1ErrorMiddleware())
    router.add(middleware: FormQueryMiddleware())
    router.add(middleware: RateLimitMiddleware(settings: configuration.rateLimits))
    SystemController().addRoutes(to: router)
    let authGroup = router.group("auth")
    AuthController(auth: auth, authentication: authentication, store: store).addRoutes(to: authGroup)
    APITokenController(store: store).addRoutes(to: authGroup.group().add(middleware: authentication))
    GitHubAuthController(
        auth: auth, settings: configuration.github, frontendURL: configuration.auth.frontendURL,
        signedTokens: SignedTokens(secret: secret), store: store, http: HTTPClient.shared,
        secrets: configuration.secretBox
    ).addRoutes(to: authGroup)
    let publicPlans = PublicPlansController(store: store)
    publicPlans.addPublicRoutes(to: router.group("plans"))
    let sharing = ShareController(
        store: store, mailer: dependencies.mailer ?? LoggingMailer(logger: logger),
        frontendURL: configuration.auth.frontendURL)
    for mount in ["plans", "invites"] {
        sharing.addPublicRoutes(to: router.group(RouterPath(mount)))
        sharing.addRoutes(to: router.group(RouterPath(mount)).add(middleware: authentication))
    }
    let plans = router.group("plans").add(middleware: authentication)
    publicPlans.addOwnerRoutes(to: plans)
    let realtime = dependencies.realtime
    PlansController(store: store, realtime: realtime).addRoutes(to: plans)
    NodesController(store: store, realtime: realtime).addRoutes(to: plans)
    NodeEditController(store: store, realtime: realtime).addRoutes(to: plans)
    PresenceController(store: store, hub: dependencies.hub).addRoutes(to: plans)
    PlanContextController(store: store).addRoutes(to: plans)
    NodeAgentController(store: store).addRoutes(to: plans)
    NodeAssignmentController(store: store).addRoutes(to: plans)
    ActivityController(store: store).addRoutes(to: router.group("activity").add(middleware: authentication))
    SearchController(store: store).addRoutes(to: router.group("search").add(middleware: authentication))
    addAgentLoopRoutes(to: router, plans: plans, authentication: authentication, store: store, realtime: realtime)
    DispatchWiring.addRoutes(to: router, dependencies, authentication: authentication, logger: logger)
    addFeatureRoutes(to: router, dependencies, authentication: authentication, logger: logger)
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
