import Credentials
import EventDispatch
import Foundation
import Logging
import OutboundHTTP
import Persistence

/// The controllers of every feature, built once from the dependencies; `Routes` maps paths onto their handlers.
struct Features {
    let system = SystemController()
    let auth: AuthController
    let github: GitHubAuthController
    let apiTokens: APITokenController
    let plans: PlansController
    let publicPlans: PublicPlansController
    let planContext: PlanContextController
    let nodes: NodesController
    let nodeEdits: NodeEditController
    let nodeAgents: NodeAgentController
    let nodeAssignments: NodeAssignmentController
    let presence: PresenceController
    let decisions: DecisionsController
    let heartbeat: HeartbeatController
    let users: UsersController
    let myTasks: MyTasksController
    let capabilities: CapabilitiesController
    let activity: ActivityController
    let search: SearchController
    let sharing: ShareController
    let integrations: IntegrationsController
    let deliveries: DeliveriesController
    let slack: SlackAppController
    let metrics: MetricsController

    init(_ dependencies: AppDependencies, logger: Logger) {
        let configuration = dependencies.configuration
        let store = dependencies.store
        let realtime = dependencies.realtime
        let secret = configuration.jwtSecret ?? dependencies.throwawaySecret
        let mailer = dependencies.mailer ?? LoggingMailer(logger: logger)
        let authService = AuthService(
            store: store, hasher: PasswordHasher(cost: configuration.auth.bcryptCost),
            accessTokens: AccessTokenService(secret: secret, settings: configuration.auth),
            signedTokens: SignedTokens(secret: secret), mailer: mailer, settings: configuration.auth, logger: logger)
        auth = AuthController(auth: authService, store: store)
        github = GitHubAuthController(
            auth: authService, settings: configuration.github, frontendURL: configuration.auth.frontendURL,
            signedTokens: SignedTokens(secret: secret), store: store, http: dependencies.http)
        apiTokens = APITokenController(store: store)
        plans = PlansController(plans: PlanService(store: store, realtime: realtime))
        publicPlans = PublicPlansController(store: store)
        planContext = PlanContextController(store: store)
        let nodeService = NodeService(store: store, realtime: realtime)
        nodes = NodesController(nodes: nodeService)
        nodeEdits = NodeEditController(nodes: nodeService)
        nodeAgents = NodeAgentController(agents: NodeAgentService(store: store))
        nodeAssignments = NodeAssignmentController(assignments: NodeAssignmentService(store: store))
        presence = PresenceController(store: store, hub: dependencies.hub)
        decisions = DecisionsController(decisions: DecisionService(store: store, realtime: realtime))
        heartbeat = HeartbeatController(heartbeats: HeartbeatService(store: store))
        users = UsersController(store: store)
        myTasks = MyTasksController(store: store)
        capabilities = CapabilitiesController(store: store)
        activity = ActivityController(store: store)
        search = SearchController(store: store)
        sharing = ShareController(
            sharing: SharingService(store: store, mailer: mailer, frontendURL: configuration.auth.frontendURL))
        let adapters = AdapterRegistry.standard(
            settings: configuration.dispatch, transport: HTTPTransport(client: dependencies.http))
        integrations = IntegrationsController(
            integrations: IntegrationService(store: store, secrets: configuration.secretBox, adapters: adapters))
        deliveries = DeliveriesController(store: store)
        slack = SlackAppController(
            store: store, settings: configuration.slack,
            stateSecret: configuration.slack.stateSecret ?? configuration.jwtSecret ?? UUID().uuidString,
            apiBaseURL: configuration.dispatch.endpoints.slackAPIBaseURL, frontendURL: configuration.auth.frontendURL,
            secrets: configuration.secretBox, adapters: adapters, transport: HTTPTransport(client: dependencies.http),
            logger: logger)
        metrics = MetricsController(
            metrics: dependencies.metrics, token: configuration.observability.metricsToken, store: store,
            hub: dependencies.hub, logger: logger)
    }
}
