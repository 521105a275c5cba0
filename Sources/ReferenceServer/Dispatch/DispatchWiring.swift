import EventDispatch
import Foundation
import Hummingbird
import Logging
import Persistence
import ServiceLifecycle

/// Puts the dispatch engine into the server: its services (unless `DISPATCH_IN_SERVER=false`) and its API.
enum DispatchWiring {
    /// The engine's services, each started once the schema is ready.
    static func services(_ dependencies: AppDependencies, ready: StartLatch, logger: Logger) -> [any Service] {
        let configuration = dependencies.configuration
        guard configuration.dispatch.enabledInServer else { return [] }
        let engine = DispatchEngine(
            store: dependencies.store, settings: configuration.dispatch, secrets: configuration.secretBox)
        return engine.services(logger: logger).map { GatedService($0, after: ready) }
    }

    /// `/integrations`: CRUD, test sends, delivery history and replay.
    static func addRoutes(
        to router: Router<AppRequestContext>, _ dependencies: AppDependencies,
        authentication: AuthenticationMiddleware, logger: Logger
    ) {
        let configuration = dependencies.configuration
        let integrations = router.group("integrations").add(middleware: authentication)
        IntegrationsController(
            store: dependencies.store, secrets: configuration.secretBox,
            adapters: .standard(settings: configuration.dispatch)
        ).addRoutes(to: integrations)
        DeliveriesController(store: dependencies.store).addRoutes(to: integrations)
        let slack = SlackAppController(
            store: dependencies.store, settings: configuration.slack,
            stateSecret: configuration.slack.stateSecret ?? configuration.jwtSecret ?? UUID().uuidString,
            apiBaseURL: configuration.dispatch.endpoints.slackAPIBaseURL, frontendURL: configuration.auth.frontendURL,
            secrets: configuration.secretBox, adapters: .standard(settings: configuration.dispatch), logger: logger)
        slack.addPublicRoutes(to: router.group("integrations/slack"))
        slack.addRoutes(to: router.group("integrations/slack").add(middleware: authentication))
    }
}
