import Hummingbird
import Logging
import Persistence

/// The routes of the areas issue 14 added (ROUTES.md §4.10–4.15, API docs), each with its full path so that
/// grepping a v1 path finds its handler. Called once from `buildRouter`, after every other route: the API
/// documents list the routes registered when it runs.
func addFeatureRoutes(
    to router: Router<AppRequestContext>, _ dependencies: AppDependencies, authentication: AuthenticationMiddleware,
    logger: Logger
) {
    let store = dependencies.store
    let signedIn = router.group().add(middleware: authentication)

    let agentContext = AgentContextController(service: AgentContextService(store: store))
    signedIn.get("/context", use: agentContext.node)
    signedIn.get("/context/plan", use: agentContext.plan)

    let goals = GoalsController(service: GoalService(store: store))
    signedIn.get("/goals", use: goals.list)
    signedIn.post("/goals", use: goals.create)
    signedIn.get("/goals/:id", use: goals.get)
    signedIn.put("/goals/:id", use: goals.update)
    signedIn.put("/goals/:id/metrics", use: goals.updateMetrics)
    signedIn.delete("/goals/:id", use: goals.delete)
    // v1 wrote `/goals/:goalId/plans/:planId`; one capture name per path level keeps the router's trie unambiguous.
    signedIn.post("/goals/:id/plans/:planId", use: goals.link)
    signedIn.delete("/goals/:id/plans/:planId", use: goals.unlink)

    let dashboard = DashboardController(service: DashboardService(store: store))
    signedIn.get("/dashboard/summary", use: dashboard.summary)
    signedIn.get("/dashboard/pending", use: dashboard.pending)
    signedIn.get("/dashboard/recent-plans", use: dashboard.recentPlans)
    signedIn.get("/dashboard/active-goals", use: dashboard.activeGoals)
    signedIn.get("/dashboard/agent-activity", use: dashboard.agentActivity)

    let stats = StatsController(stats: StatsService(store: store))
    router.get("/stats", use: stats.platformStats)

    let avatars = AvatarsController(
        service: AvatarService(store: store, files: AvatarFiles(dataDirectory: dependencies.configuration.dataDirectory)),
        publicBaseURL: dependencies.configuration.slack.apiBaseURL)
    signedIn.post("/upload/avatar", use: avatars.upload)
    signedIn.delete("/upload/avatar", use: avatars.delete)
    router.get("/uploads/avatars/:file", use: avatars.file)

    let github = GitHubReposController(
        service: GitHubRepoService(
            store: store, vault: GitHubTokenVault(store: store, secrets: dependencies.configuration.secretBox),
            github: GitHubREST(apiURL: dependencies.configuration.github.apiURL, http: dependencies.http)))
    signedIn.get("/github/status", use: github.status)
    signedIn.get("/github/repos", use: github.repos)
    signedIn.get("/github/repos/:owner/:name", use: github.repo)
    signedIn.get("/github/repos/:owner/:name/content", use: github.content)
    signedIn.post("/github/repos/:owner/:name/issues", use: github.createIssue)
    signedIn.post("/github/repos/:owner/:name/issues/bulk", use: github.createIssues)
    signedIn.get("/github/search", use: github.search)

    let catalog = RouteCatalog()
    let docs = ApiDocsController(catalog: catalog)
    router.get("/api-docs", use: docs.page)
    router.get("/api-docs.json", use: docs.json)
    router.get("/openapi.json", use: docs.json)
    // The documents describe every route registered before this line: keep this function last in the route map.
    catalog.capture(router.routes)
}
