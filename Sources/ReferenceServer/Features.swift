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
    let agentContext: AgentContextController
    let goals: GoalsController
    let dashboard: DashboardController
    let stats: StatsController
    let avatars: AvatarsController
    let githubRepos: GitHubReposController
    let docs: ApiDocsController
    /// The registered routes, captured by `Routes` once every route is in, for the API documents.
    let catalog = RouteCatalog()
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
        let accounts = AccountService(store: store)
        auth = AuthController(auth: authService, accounts: accounts)
        github = GitHubAuthController(
            auth: authService, settings: configuration.github, frontendURL: configuration.auth.frontendURL,
            signedTokens: SignedTokens(secret: secret), accounts: accounts, http: dependencies.http,
            vault: GitHubTokenVault(store: store, secrets: configuration.secretBox))
        apiTokens = APITokenController(tokens: APITokenService(store: store))
        plans = PlansController(plans: PlanService(store: store, realtime: realtime))
        publicPlans = PublicPlansController(publicPlans: PublicPlanService(store: store))
        planContext = PlanContextController(views: PlanViewService(store: store))
        let nodeService = NodeService(store: store, realtime: realtime)
        nodes = NodesController(nodes: nodeService)
        nodeEdits = NodeEditController(nodes: nodeService)
        nodeAgents = NodeAgentController(agents: NodeAgentService(store: store))
        nodeAssignments = NodeAssignmentController(assignments: NodeAssignmentService(store: store))
        presence = PresenceController(presence: PresenceService(store: store, hub: dependencies.hub))
        decisions = DecisionsController(decisions: DecisionService(store: store, realtime: realtime))
        heartbeat = HeartbeatController(heartbeats: HeartbeatService(store: store))
        let directory = UserDirectoryService(store: store)
        users = UsersController(directory: directory)
        myTasks = MyTasksController(directory: directory)
        capabilities = CapabilitiesController(directory: directory)
        activity = ActivityController(activity: ActivityService(store: store))
        search = SearchController(search: SearchService(store: store))
        sharing = ShareController(
            sharing: SharingService(store: store, mailer: mailer, frontendURL: configuration.auth.frontendURL))
        let adapters = AdapterRegistry.standard(
            settings: configuration.dispatch, transport: HTTPTransport(client: dependencies.http))
        integrations = IntegrationsController(
            integrations: IntegrationService(store: store, secrets: configuration.secretBox, adapters: adapters))
        deliveries = DeliveriesController(history: DeliveryHistory(store: store))
        slack = SlackAppController(
            slack: SlackAppService(
                store: store, apiBaseURL: configuration.dispatch.endpoints.slackAPIBaseURL, secrets: configuration.secretBox,
                adapters: adapters, transport: HTTPTransport(client: dependencies.http)),
            settings: configuration.slack,
            stateSecret: configuration.slack.stateSecret ?? configuration.jwtSecret ?? UUID().uuidString,
            frontendURL: configuration.auth.frontendURL, logger: logger)
        agentContext = AgentContextController(service: AgentContextService(store: store))
        goals = GoalsController(service: GoalService(store: store))
        dashboard = DashboardController(service: DashboardService(store: store))
        stats = StatsController(stats: StatsService(store: store))
        avatars = AvatarsController(
            service: AvatarService(store: store, files: AvatarFiles(dataDirectory: configuration.dataDirectory)),
            publicBaseURL: configuration.slack.apiBaseURL)
        githubRepos = GitHubReposController(
            service: GitHubRepoService(
                store: store, vault: GitHubTokenVault(store: store, secrets: configuration.secretBox),
                github: GitHubREST(apiURL: configuration.github.apiURL, http: dependencies.http)))
        docs = ApiDocsController(catalog: catalog)
        metrics = MetricsController(
            metrics: dependencies.metrics, token: configuration.observability.metricsToken, store: store,
            hub: dependencies.hub, logger: logger)
    }
}
