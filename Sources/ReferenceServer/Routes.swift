import Hummingbird
import HummingbirdWebSocket

/// Every route of the reference server with its full path, method and handler, in the order of ROUTES.md §4.
/// Grepping a v1 path (`"/plans/:id/decisions`) lands here, next to the handler that serves it.
///
/// `open` routes need no caller; `signedIn` routes run `AuthenticationMiddleware` first (a JWT or an API token).
/// The router matches constant segments before parameters, so `/plans/public` never reaches `/plans/:id`.
enum Routes {
    static func add(to router: Router<AppRequestContext>, _ f: Features, authentication: AuthenticationMiddleware) {
        let open = router.group()
        let signedIn = router.group().add(middleware: authentication)

        // §1.4 system
        open.get("/", use: f.system.welcome)
        open.get("/health", use: f.system.health)
        // Prometheus figures; not in v1. Off unless METRICS_TOKEN is set, then behind that bearer token.
        open.get("/metrics", use: f.metrics.scrape)

        // §4.1 auth
        open.post("/auth/register", use: f.auth.register)
        open.post("/auth/login", use: f.auth.login)
        open.post("/auth/logout", use: f.auth.logout)
        open.post("/auth/refresh", use: f.auth.refresh)
        open.post("/auth/forgot-password", use: f.auth.forgotPassword)
        open.post("/auth/reset-password", use: f.auth.resetPassword)
        open.post("/auth/verify-email", use: f.auth.verifyEmail)
        open.post("/auth/resend-verification", use: f.auth.resendVerification)
        signedIn.get("/auth/profile", use: f.auth.profile)
        signedIn.put("/auth/profile", use: f.auth.updateProfile)
        signedIn.post("/auth/change-password", use: f.auth.changePassword)
        open.get("/auth/github", use: f.github.start)
        open.get("/auth/github/callback", use: f.github.callback)
        // §4.1 API tokens
        signedIn.get("/auth/token", use: f.apiTokens.list)
        signedIn.post("/auth/token", use: f.apiTokens.create)
        signedIn.delete("/auth/token/:id", use: f.apiTokens.revoke)

        // §4.2 plans
        signedIn.get("/plans", use: f.plans.list)
        signedIn.post("/plans", use: f.plans.create)
        signedIn.get("/plans/:id", use: f.plans.get)
        signedIn.put("/plans/:id", use: f.plans.update)
        signedIn.delete("/plans/:id", use: f.plans.delete)
        signedIn.get("/plans/:id/collaborators", use: f.plans.collaborators)
        signedIn.post("/plans/:id/collaborators", use: f.plans.addCollaborator)
        signedIn.delete("/plans/:id/collaborators/:userId", use: f.plans.removeCollaborator)
        signedIn.get("/plans/:id/progress", use: f.planContext.progress)
        signedIn.get("/plans/:id/context", use: f.planContext.planContext)
        // §4.2 public plans, visibility, views
        open.get("/plans/public", use: f.publicPlans.list)
        open.get("/plans/public/:id", use: f.publicPlans.publicStructure)
        open.get("/plans/:id/public", use: f.publicPlans.publicPlan)
        open.post("/plans/:id/view", use: f.publicPlans.view)
        signedIn.put("/plans/:id/visibility", use: f.publicPlans.visibility)
        signedIn.put("/plans/:id/github", use: f.publicPlans.github)

        // §4.3 nodes
        signedIn.get("/plans/:id/nodes", use: f.nodes.tree)
        signedIn.post("/plans/:id/nodes", use: f.nodes.create)
        signedIn.get("/plans/:id/nodes/:nodeId", use: f.nodes.get)
        signedIn.put("/plans/:id/nodes/:nodeId", use: f.nodeEdits.update)
        signedIn.delete("/plans/:id/nodes/:nodeId", use: f.nodes.delete)
        signedIn.post("/plans/:id/nodes/:nodeId/move", use: f.nodeEdits.move)
        signedIn.put("/plans/:id/nodes/:nodeId/status", use: f.nodes.status)
        signedIn.post("/plans/:id/nodes/:nodeId/log", use: f.nodes.addLog)
        signedIn.get("/plans/:id/nodes/:nodeId/logs", use: f.nodes.logs)
        signedIn.post("/plans/:id/nodes/:nodeId/comments", use: f.nodes.commentsRemoved)
        signedIn.get("/plans/:id/nodes/:nodeId/comments", use: f.nodes.commentsRemoved)
        signedIn.get("/plans/:id/nodes/:nodeId/context", use: f.planContext.nodeContext)
        signedIn.get("/plans/:id/nodes/:nodeId/ancestry", use: f.planContext.ancestry)
        // §4.3 agents and assignments on nodes
        signedIn.post("/plans/:id/nodes/:nodeId/request-agent", use: f.nodeAgents.request)
        signedIn.delete("/plans/:id/nodes/:nodeId/request-agent", use: f.nodeAgents.clearRequest)
        signedIn.post("/plans/:id/nodes/:nodeId/assign-agent", use: f.nodeAgents.assign)
        signedIn.delete("/plans/:id/nodes/:nodeId/assign-agent", use: f.nodeAgents.unassign)
        signedIn.get("/plans/:id/nodes/:nodeId/suggested-agents", use: f.nodeAgents.suggested)
        signedIn.get("/plans/:id/nodes/:nodeId/assignments", use: f.nodeAssignments.assignments)
        signedIn.post("/plans/:id/nodes/:nodeId/assign", use: f.nodeAssignments.assign)
        signedIn.delete("/plans/:id/nodes/:nodeId/unassign", use: f.nodeAssignments.unassign)
        signedIn.get("/plans/:id/available-users", use: f.nodeAssignments.availableUsers)
        signedIn.get("/plans/:id/nodes/:nodeId/activities", use: f.nodeAssignments.activities)

        // §4.4 presence (the websocket is in `addSocketRoutes`)
        signedIn.get("/plans/:id/active-users", use: f.presence.planUsers)
        signedIn.post("/plans/:id/presence", use: f.presence.update)
        signedIn.get("/plans/:id/nodes/:nodeId/active-users", use: f.presence.nodeUsers)

        // §4.5 decisions
        signedIn.get("/plans/:id/decisions", use: f.decisions.list)
        signedIn.get("/plans/:id/decisions/pending-count", use: f.decisions.pendingCount)
        signedIn.get("/plans/:id/decisions/:decisionId", use: f.decisions.get)
        signedIn.post("/plans/:id/decisions", use: f.decisions.create)
        signedIn.put("/plans/:id/decisions/:decisionId", use: f.decisions.update)
        signedIn.delete("/plans/:id/decisions/:decisionId", use: f.decisions.delete)
        signedIn.post("/plans/:id/decisions/:decisionId/resolve", use: f.decisions.resolve)
        signedIn.post("/plans/:id/decisions/:decisionId/cancel", use: f.decisions.cancel)

        // §4.6 heartbeats and agent status
        signedIn.post("/heartbeat", use: f.heartbeat.beat)
        signedIn.get("/plans/:id/agent-status", use: f.heartbeat.agentStatus)

        // §4.7 users and capabilities
        signedIn.get("/users", use: f.users.list)
        signedIn.get("/users/search", use: f.users.search)
        signedIn.get("/users/my-tasks", use: f.myTasks.myTasks)
        signedIn.get("/users/capabilities", use: f.capabilities.mine)
        signedIn.put("/users/capabilities", use: f.capabilities.replace)
        signedIn.get("/users/capabilities/search", use: f.capabilities.search)
        signedIn.get("/users/:userId/capabilities", use: f.capabilities.theirs)

        // §4.8 activity
        signedIn.get("/activity/feed", use: f.activity.feed)
        signedIn.get("/activity/plans/:id/activity", use: f.activity.planActivity)
        signedIn.get("/activity/plans/:id/timeline", use: f.activity.timeline)
        signedIn.get("/activity/plans/:id/nodes/:nodeId/activity", use: f.activity.nodeActivity)
        signedIn.post("/activity/plans/:id/nodes/:nodeId/detailed-log", use: f.activity.detailedLog)

        // §4.9 search
        signedIn.get("/search", use: f.search.global)
        signedIn.get("/search/plans/:id/nodes/search", use: f.search.nodes)
        signedIn.get("/search/plan/:id", use: f.search.plan)

        // §4.16 sharing; v1 mounted the same invitation router under `/plans` and `/invites`.
        for mount in ["/plans", "/invites"] {
            open.get("\(mount)/info/:token", use: f.sharing.info)
            signedIn.post("\(mount)/:id/share", use: f.sharing.share)
            signedIn.get("\(mount)/:id/invites", use: f.sharing.invites)
            signedIn.delete("\(mount)/:id/invites/:inviteId", use: f.sharing.revoke)
            signedIn.post("\(mount)/accept/:token", use: f.sharing.accept)
        }

        // §4.10 avatars (DECISIONS.md §D5: stored in the data folder and served here)
        signedIn.post("/upload/avatar", use: f.avatars.upload)
        signedIn.delete("/upload/avatar", use: f.avatars.delete)
        open.get("/uploads/avatars/:file", use: f.avatars.file)

        // §4.11 stats
        open.get("/stats", use: f.stats.platformStats)

        // §4.12 GitHub
        signedIn.get("/github/status", use: f.githubRepos.status)
        signedIn.get("/github/repos", use: f.githubRepos.repos)
        signedIn.get("/github/repos/:owner/:name", use: f.githubRepos.repo)
        signedIn.get("/github/repos/:owner/:name/content", use: f.githubRepos.content)
        signedIn.post("/github/repos/:owner/:name/issues", use: f.githubRepos.createIssue)
        signedIn.post("/github/repos/:owner/:name/issues/bulk", use: f.githubRepos.createIssues)
        signedIn.get("/github/search", use: f.githubRepos.search)

        // §4.13 agent context
        signedIn.get("/context", use: f.agentContext.node)
        signedIn.get("/context/plan", use: f.agentContext.plan)

        // §4.14 goals (DECISIONS.md §D2: the creator owns a goal; readers of a linked plan may read it)
        signedIn.get("/goals", use: f.goals.list)
        signedIn.post("/goals", use: f.goals.create)
        signedIn.get("/goals/:id", use: f.goals.get)
        signedIn.put("/goals/:id", use: f.goals.update)
        signedIn.put("/goals/:id/metrics", use: f.goals.updateMetrics)
        signedIn.delete("/goals/:id", use: f.goals.delete)
        // v1 wrote `/goals/:goalId/plans/:planId`; one capture name per path level keeps the router's trie unambiguous.
        signedIn.post("/goals/:id/plans/:planId", use: f.goals.link)
        signedIn.delete("/goals/:id/plans/:planId", use: f.goals.unlink)

        // §4.15 dashboard
        signedIn.get("/dashboard/summary", use: f.dashboard.summary)
        signedIn.get("/dashboard/pending", use: f.dashboard.pending)
        signedIn.get("/dashboard/recent-plans", use: f.dashboard.recentPlans)
        signedIn.get("/dashboard/active-goals", use: f.dashboard.activeGoals)
        signedIn.get("/dashboard/agent-activity", use: f.dashboard.agentActivity)

        // §4.17 integrations and dispatch (DECISIONS.md §D4)
        signedIn.get("/integrations", use: f.integrations.list)
        signedIn.post("/integrations", use: f.integrations.create)
        signedIn.get("/integrations/deliveries", use: f.deliveries.forEvent)
        signedIn.post("/integrations/deliveries/:deliveryId/replay", use: f.deliveries.replay)
        signedIn.get("/integrations/:id", use: f.integrations.show)
        signedIn.patch("/integrations/:id", use: f.integrations.update)
        signedIn.put("/integrations/:id", use: f.integrations.update)
        signedIn.delete("/integrations/:id", use: f.integrations.delete)
        signedIn.post("/integrations/:id/test", use: f.integrations.test)
        signedIn.get("/integrations/:id/deliveries", use: f.deliveries.forIntegration)
        // §4.17 v1's Slack app
        open.get("/integrations/slack/callback", use: f.slack.callback)
        open.post("/integrations/slack/interactions", use: f.slack.interactions)
        signedIn.get("/integrations/slack/status", use: f.slack.status)
        signedIn.get("/integrations/slack/install", use: f.slack.install)
        signedIn.get("/integrations/slack/channels", use: f.slack.channels)
        signedIn.put("/integrations/slack/channel", use: f.slack.setChannel)
        signedIn.delete("/integrations/slack", use: f.slack.disconnect)
        signedIn.post("/integrations/slack/test", use: f.slack.test)

        // API documents (v1 served Swagger at /api-docs): they describe every route registered above, so they
        // stay last.
        open.get("/api-docs", use: f.docs.page)
        open.get("/api-docs.json", use: f.docs.json)
        open.get("/openapi.json", use: f.docs.json)
        f.catalog.capture(router.routes)
    }

    /// `agentplanner worker`'s only route (`buildWorkerMetricsApplication`).
    static func addWorkerRoutes(to router: Router<BasicRequestContext>, metrics: MetricsController) {
        router.get("/metrics", use: metrics.scrape)
    }

    /// §6: the collaboration websocket, on the upgrade router.
    static func addSocketRoutes(to router: Router<BasicWebSocketRequestContext>, _ socket: CollaborationSocket) {
        // Upgrade first and close with v1's codes, as v1 did.
        router.ws("/ws/collaborate") { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            try await socket.serve(inbound: inbound, outbound: outbound, context: context)
        }
    }
}
