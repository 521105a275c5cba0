import Hummingbird
import HummingbirdWebSocket

/// Every route of the reference server with its full path, method and handler, in the order of ROUTES.md §4.
/// Grepping a v1 path (`"/plans/:id/decisions`) lands here, next to the handler that serves it.
///
/// `open` routes need no caller; `signedIn` routes run `AuthenticationMiddleware` first (a JWT or an API token).
/// The router matches constant segments before parameters, so `/plans/public` never reaches `/plans/:id`.
enum Routes {
    static func add(to router: Router<AppRequestContext>, _ f: Features, authentication: AuthenticationMiddleware) {
        // Each registration may name the input it reads and the outputs it answers: the OpenAPI document's schemas.
        let open = DocumentedGroup(group: router.group(), catalog: f.catalog)
        let signedIn = DocumentedGroup(group: router.group().add(middleware: authentication), catalog: f.catalog)

        // §1.4 system
        open.get("/", answers: .json(SystemController.Welcome.self), use: f.system.welcome)
        open.get("/health", answers: .json(SystemController.Health.self), use: f.system.health)
        // Prometheus figures; not in v1. Off unless METRICS_TOKEN is set, then behind that bearer token.
        open.get("/metrics", answers: .text, use: f.metrics.scrape)

        // §4.1 auth
        open.post("/auth/register", body: AuthInput.Credentials.self, answers: .json(AuthOutput.SignedIn.self, 201), use: f.auth.register)
        open.post("/auth/login", body: AuthInput.Login.self, answers: .json(AuthOutput.SignedIn.self), use: f.auth.login)
        open.post("/auth/logout", answers: .json(MessageOutput.self), use: f.auth.logout)
        open.post("/auth/refresh", body: RequiredText<BodyKey.RefreshToken>.self, answers: .json(AuthOutput.Refreshed.self), use: f.auth.refresh)
        open.post("/auth/forgot-password", body: RequiredText<BodyKey.Email>.self, answers: .json(MessageOutput.self), use: f.auth.forgotPassword)
        open.post("/auth/reset-password", body: AuthInput.Reset.self, answers: .json(MessageOutput.self), use: f.auth.resetPassword)
        open.post(
            "/auth/verify-email", body: RequiredText<BodyKey.VerificationToken>.self, answers: .json(AuthOutput.Verified.self),
            use: f.auth.verifyEmail)
        open.post(
            "/auth/resend-verification", body: RequiredText<BodyKey.Email>.self, answers: .json(MessageOutput.self), use: f.auth.resendVerification
        )
        signedIn.get("/auth/profile", answers: .json(AuthJSON.Profile.self), use: f.auth.profile)
        signedIn.put("/auth/profile", body: AuthInput.ProfileChanges.self, answers: .json(AuthJSON.Profile.self), use: f.auth.updateProfile)
        signedIn.post("/auth/change-password", body: AuthInput.PasswordChange.self, answers: .json(MessageOutput.self), use: f.auth.changePassword)
        open.get("/auth/github", answers: .redirect, use: f.github.start)
        open.get(
            "/auth/github/callback", answers: .redirect, .json(AuthOutput.SignedIn.self, 200, "signed in (Accept: application/json)"),
            use: f.github.callback)
        // §4.1 API tokens
        signedIn.get("/auth/token", answers: .json(ListOutput<APITokenController.Listed>.self), use: f.apiTokens.list)
        signedIn.post(
            "/auth/token", body: APITokenController.Input.self, answers: .json(APITokenController.Created.self, 201), use: f.apiTokens.create)
        signedIn.delete("/auth/token/:id", answers: .noContent, use: f.apiTokens.revoke)

        // §4.2 plans
        signedIn.get("/plans", answers: .json(ListOutput<ListedPlan>.self), use: f.plans.list)
        signedIn.post("/plans", body: NewPlanInput.self, answers: .json(CreatedPlan.self, 201), use: f.plans.create)
        signedIn.get("/plans/:id", answers: .json(PlanDetail.self), use: f.plans.get)
        signedIn.put("/plans/:id", body: PlanFieldsInput.self, answers: .json(UpdatedPlan.self), use: f.plans.update)
        signedIn.delete("/plans/:id", answers: .json(MessageOutput.self, 200, "archived (?archive=true)"), .noContent, use: f.plans.delete)
        signedIn.get("/plans/:id/collaborators", answers: .json(PlanCollaborators.self), use: f.plans.collaborators)
        signedIn.post(
            "/plans/:id/collaborators", body: CollaboratorInput.self,
            answers: .json(CollaboratorRow.self, 201, "added"), .json(CollaboratorRow.self, 200, "role changed"), use: f.plans.addCollaborator)
        signedIn.delete("/plans/:id/collaborators/:userId", answers: .noContent, use: f.plans.removeCollaborator)
        signedIn.get("/plans/:id/progress", answers: .json(PlanContextOutput.Progress.self), use: f.planContext.progress)
        signedIn.get("/plans/:id/context", answers: .json(PlanContextOutput.Context.self), use: f.planContext.planContext)
        // §4.2 public plans, visibility, views
        open.get("/plans/public", answers: .json(PublicPlanOutput.Listing.self), use: f.publicPlans.list)
        open.get("/plans/public/:id", answers: .json(PublicPlanOutput.Structure.self), use: f.publicPlans.publicStructure)
        open.get("/plans/:id/public", answers: .json(PublicPlanOutput.Shown.self), use: f.publicPlans.publicPlan)
        open.post("/plans/:id/view", answers: .json(PublicPlanOutput.Viewed.self), use: f.publicPlans.view)
        signedIn.put(
            "/plans/:id/visibility", body: PublicPlansController.VisibilityInput.self, answers: .json(PublicPlanOutput.Visibility.self),
            use: f.publicPlans.visibility)
        signedIn.put(
            "/plans/:id/github", body: PublicPlansController.RepositoryInput.self, answers: .json(PublicPlanOutput.Linked.self),
            use: f.publicPlans.github)

        // §4.3 nodes
        signedIn.get("/plans/:id/nodes", answers: .json(NodeTree.self), use: f.nodes.tree)
        signedIn.post("/plans/:id/nodes", body: NewNodeInput.self, answers: .json(NodeRow.self, 201), use: f.nodes.create)
        signedIn.get("/plans/:id/nodes/:nodeId", answers: .json(NodeDetail.self), use: f.nodes.get)
        signedIn.put("/plans/:id/nodes/:nodeId", body: NodeChangesInput.self, answers: .json(NodeRow.self), use: f.nodeEdits.update)
        signedIn.delete("/plans/:id/nodes/:nodeId", answers: .noContent, use: f.nodes.delete)
        signedIn.post("/plans/:id/nodes/:nodeId/move", body: NodeMoveInput.self, answers: .json(NodeRow.self), use: f.nodeEdits.move)
        signedIn.put("/plans/:id/nodes/:nodeId/status", body: NodeStatusInput.self, answers: .json(NodeRow.self), use: f.nodes.status)
        signedIn.post("/plans/:id/nodes/:nodeId/log", body: NodeLogInput.self, answers: .json(NodeLogRow.self, 201), use: f.nodes.addLog)
        signedIn.get("/plans/:id/nodes/:nodeId/logs", answers: .json(ListOutput<NodeLogEntry>.self), use: f.nodes.logs)
        signedIn.post("/plans/:id/nodes/:nodeId/comments", answers: .error(410, "removed in v1"), use: f.nodes.commentsRemoved)
        signedIn.get("/plans/:id/nodes/:nodeId/comments", answers: .error(410, "removed in v1"), use: f.nodes.commentsRemoved)
        signedIn.get("/plans/:id/nodes/:nodeId/context", answers: .json(PlanContextOutput.NodeContext.self), use: f.planContext.nodeContext)
        signedIn.get("/plans/:id/nodes/:nodeId/ancestry", answers: .json(PlanContextOutput.Ancestry.self), use: f.planContext.ancestry)
        // §4.3 agents and assignments on nodes
        signedIn.post(
            "/plans/:id/nodes/:nodeId/request-agent", body: NodePeopleInput.AgentRequest.self, answers: .json(NodeRow.self), use: f.nodeAgents.request
        )
        signedIn.delete("/plans/:id/nodes/:nodeId/request-agent", answers: .json(NodeRow.self), use: f.nodeAgents.clearRequest)
        signedIn.post(
            "/plans/:id/nodes/:nodeId/assign-agent", body: RequiredText<BodyKey.AgentID>.self,
            answers: .json(NodePeopleOutput.AgentAssigned.self), use: f.nodeAgents.assign)
        signedIn.delete("/plans/:id/nodes/:nodeId/assign-agent", answers: .noContent, use: f.nodeAgents.unassign)
        signedIn.get("/plans/:id/nodes/:nodeId/suggested-agents", answers: .json(NodePeopleOutput.Suggested.self), use: f.nodeAgents.suggested)
        signedIn.get(
            "/plans/:id/nodes/:nodeId/assignments", answers: .json(ListOutput<NodePeopleOutput.Assignment>.self), use: f.nodeAssignments.assignments)
        signedIn.post(
            "/plans/:id/nodes/:nodeId/assign", body: RequiredText<BodyKey.UserID>.self, answers: .json(NodePeopleOutput.Assignment.self, 201),
            use: f.nodeAssignments.assign)
        signedIn.delete(
            "/plans/:id/nodes/:nodeId/unassign", body: RequiredText<BodyKey.UserID>.self, answers: .noContent, use: f.nodeAssignments.unassign
        )
        signedIn.get(
            "/plans/:id/available-users", answers: .json(ListOutput<NodePeopleOutput.AvailableUser>.self), use: f.nodeAssignments.availableUsers)
        signedIn.get("/plans/:id/nodes/:nodeId/activities", answers: .json(NodePeopleOutput.Activities.self), use: f.nodeAssignments.activities)

        // §4.4 presence (the websocket is in `addSocketRoutes`)
        signedIn.get("/plans/:id/active-users", answers: .json(PresenceController.PlanUsers.self), use: f.presence.planUsers)
        signedIn.post(
            "/plans/:id/presence", body: PresenceController.Input.self, answers: .json(PresenceController.Updated.self), use: f.presence.update)
        signedIn.get("/plans/:id/nodes/:nodeId/active-users", answers: .json(PresenceController.NodeUsers.self), use: f.presence.nodeUsers)

        // §4.5 decisions
        signedIn.get("/plans/:id/decisions", answers: .json(DecisionPage.self), use: f.decisions.list)
        signedIn.get("/plans/:id/decisions/pending-count", answers: .json(PendingCount.self), use: f.decisions.pendingCount)
        signedIn.get("/plans/:id/decisions/:decisionId", answers: .json(DecisionRow.self), use: f.decisions.get)
        signedIn.post("/plans/:id/decisions", body: DecisionInput.Creation.self, answers: .json(DecisionRow.self, 201), use: f.decisions.create)
        signedIn.put("/plans/:id/decisions/:decisionId", body: DecisionChangesInput.self, answers: .json(DecisionRow.self), use: f.decisions.update)
        signedIn.delete("/plans/:id/decisions/:decisionId", answers: .noContent, use: f.decisions.delete)
        signedIn.post(
            "/plans/:id/decisions/:decisionId/resolve", body: DecisionResolutionInput.self, answers: .json(DecisionRow.self),
            use: f.decisions.resolve)
        signedIn.post(
            "/plans/:id/decisions/:decisionId/cancel", body: DecisionCancellationInput.self, answers: .json(DecisionRow.self),
            use: f.decisions.cancel)

        // §4.6 heartbeats and agent status
        signedIn.post("/heartbeat", body: HeartbeatController.Input.self, answers: .json(HeartbeatController.Row.self), use: f.heartbeat.beat)
        signedIn.get("/plans/:id/agent-status", answers: .json(HeartbeatController.AgentStatus.self), use: f.heartbeat.agentStatus)

        // §4.7 users and capabilities
        signedIn.get("/users", answers: .json(UsersController.Page.self), use: f.users.list)
        signedIn.get("/users/search", answers: .json(UsersController.Found.self), use: f.users.search)
        signedIn.get("/users/my-tasks", answers: .json(MyTasksController.Inbox.self), use: f.myTasks.myTasks)
        signedIn.get("/users/capabilities", answers: .json(CapabilitiesController.Tags.self), use: f.capabilities.mine)
        signedIn.put(
            "/users/capabilities", body: CapabilitiesController.TagsInput.self, answers: .json(CapabilitiesController.Tags.self),
            use: f.capabilities.replace)
        signedIn.get("/users/capabilities/search", answers: .json(CapabilitiesController.Matches.self), use: f.capabilities.search)
        signedIn.get("/users/:userId/capabilities", answers: .json(CapabilitiesController.Tags.self), use: f.capabilities.theirs)

        // §4.8 activity
        signedIn.get("/activity/feed", answers: .json(ActivityOutput.Feed.self), use: f.activity.feed)
        signedIn.get("/activity/plans/:id/activity", answers: .json(ActivityOutput.PlanLogs.self), use: f.activity.planActivity)
        signedIn.get("/activity/plans/:id/timeline", answers: .json(PlanTimeline.self), use: f.activity.timeline)
        signedIn.get(
            "/activity/plans/:id/nodes/:nodeId/activity", answers: .json(ActivityOutput.NodeActivity.self), use: f.activity.nodeActivity)
        signedIn.post(
            "/activity/plans/:id/nodes/:nodeId/detailed-log", body: ActivityController.DetailedLogInput.self,
            answers: .json(ActivityOutput.DetailedLog.self, 201), use: f.activity.detailedLog)

        // §4.9 search
        signedIn.get("/search", answers: .json(SearchOutput.Global.self), use: f.search.global)
        signedIn.get("/search/plans/:id/nodes/search", answers: .json(ListOutput<NodeDetail>.self), use: f.search.nodes)
        signedIn.get("/search/plan/:id", answers: .json(SearchOutput.InPlan.self), use: f.search.plan)

        // §4.16 sharing; v1 mounted the same invitation router under `/plans` and `/invites`.
        for mount in ["/plans", "/invites"] {
            // v2 keeps no pending invitations (DECISIONS.md §D2): a token names none.
            open.get("\(mount)/info/:token", answers: .error(404, "no such invitation"), use: f.sharing.info)
            signedIn.post("\(mount)/:id/share", body: ShareController.Input.self, answers: .json(ShareController.Shared.self), use: f.sharing.share)
            signedIn.get("\(mount)/:id/invites", answers: .json(ShareController.Invites.self), use: f.sharing.invites)
            signedIn.delete("\(mount)/:id/invites/:inviteId", answers: .json(SuccessMessage.self), use: f.sharing.revoke)
            signedIn.post("\(mount)/accept/:token", answers: .error(404, "no such invitation"), use: f.sharing.accept)
        }

        // §4.10 avatars (DECISIONS.md §D5: stored in the data folder and served here)
        signedIn.post(
            "/upload/avatar", form: AvatarsController.form, contentType: "multipart/form-data", answers: .json(AvatarsController.Uploaded.self),
            use: f.avatars.upload)
        signedIn.delete("/upload/avatar", answers: .json(MessageOutput.self), use: f.avatars.delete)
        open.get("/uploads/avatars/:file", answers: .file, use: f.avatars.file)

        // §4.11 stats
        open.get("/stats", answers: .json(StatsController.Counts.self), use: f.stats.platformStats)

        // §4.12 GitHub
        signedIn.get("/github/status", answers: .json(GitHubRepoOutput.Status.self), use: f.githubRepos.status)
        signedIn.get("/github/repos", answers: .json(GitHubRepoOutput.Repos.self), use: f.githubRepos.repos)
        signedIn.get("/github/repos/:owner/:name", answers: .json(GitHubRepoOutput.Repo.self), use: f.githubRepos.repo)
        signedIn.get("/github/repos/:owner/:name/content", answers: .json(GitHubRepoOutput.Content.self), use: f.githubRepos.content)
        signedIn.post(
            "/github/repos/:owner/:name/issues", body: GitHubReposController.IssueInput.self, answers: .json(GitHubRepoOutput.Issue.self, 201),
            use: f.githubRepos.createIssue)
        signedIn.post(
            "/github/repos/:owner/:name/issues/bulk", body: GitHubReposController.BulkInput.self, answers: .json(GitHubRepoOutput.Bulk.self, 201),
            use: f.githubRepos.createIssues)
        signedIn.get("/github/search", answers: .json(GitHubRepoOutput.Repos.self), use: f.githubRepos.search)

        // §4.13 agent context
        signedIn.get("/context", answers: .json(AgentContextOutput.NodeView.self), use: f.agentContext.node)
        signedIn.get("/context/plan", answers: .json(AgentContextOutput.PlanView.self), use: f.agentContext.plan)

        // §4.14 goals (DECISIONS.md §D2: the creator owns a goal; readers of a linked plan may read it)
        signedIn.get("/goals", answers: .json(GoalList.self), use: f.goals.list)
        signedIn.post("/goals", body: GoalInput.Create.self, answers: .json(GoalRow.self, 201), use: f.goals.create)
        signedIn.get("/goals/:id", answers: .json(GoalDetail.self), use: f.goals.get)
        signedIn.put("/goals/:id", body: GoalInput.Changes.self, answers: .json(GoalRow.self), use: f.goals.update)
        signedIn.put("/goals/:id/metrics", body: GoalInput.Metrics.self, answers: .json(GoalRow.self), use: f.goals.updateMetrics)
        signedIn.delete("/goals/:id", answers: .json(SuccessMessage.self), use: f.goals.delete)
        // v1 wrote `/goals/:goalId/plans/:planId`; one capture name per path level keeps the router's trie unambiguous.
        signedIn.post("/goals/:id/plans/:planId", answers: .json(GoalLinkRow.self, 201), use: f.goals.link)
        signedIn.delete("/goals/:id/plans/:planId", answers: .json(SuccessMessage.self), use: f.goals.unlink)

        // §4.15 dashboard
        signedIn.get("/dashboard/summary", answers: .json(DashboardController.Summary.self), use: f.dashboard.summary)
        signedIn.get("/dashboard/pending", answers: .json(DashboardOutput.Pending.self), use: f.dashboard.pending)
        signedIn.get("/dashboard/recent-plans", answers: .json(DashboardController.RecentPlans.self), use: f.dashboard.recentPlans)
        signedIn.get("/dashboard/active-goals", answers: .json(DashboardOutput.ActiveGoals.self), use: f.dashboard.activeGoals)
        signedIn.get("/dashboard/agent-activity", answers: .json(DashboardOutput.AgentActivity.self), use: f.dashboard.agentActivity)

        // §4.17 integrations and dispatch (DECISIONS.md §D4)
        signedIn.get("/integrations", answers: .json(IntegrationJSON.Integrations.self), use: f.integrations.list)
        signedIn.post("/integrations", answers: .json(IntegrationJSON.Integration.self, 201), use: f.integrations.create)
        signedIn.get("/integrations/deliveries", answers: .json(IntegrationJSON.Deliveries.self), use: f.deliveries.forEvent)
        signedIn.post(
            "/integrations/deliveries/:deliveryId/replay", answers: .json(IntegrationJSON.Replayed.self), use: f.deliveries.replay)
        signedIn.get("/integrations/:id", answers: .json(IntegrationJSON.Integration.self), use: f.integrations.show)
        signedIn.patch(
            "/integrations/:id", body: IntegrationsController.Changes.self, answers: .json(IntegrationJSON.Integration.self),
            use: f.integrations.update)
        signedIn.put(
            "/integrations/:id", body: IntegrationsController.Changes.self, answers: .json(IntegrationJSON.Integration.self),
            use: f.integrations.update)
        signedIn.delete("/integrations/:id", answers: .json(IntegrationJSON.Success.self), use: f.integrations.delete)
        signedIn.post("/integrations/:id/test", answers: .json(IntegrationJSON.Tested.self), use: f.integrations.test)
        signedIn.get("/integrations/:id/deliveries", answers: .json(IntegrationJSON.Deliveries.self), use: f.deliveries.forIntegration)
        // §4.17 v1's Slack app
        open.get("/integrations/slack/callback", answers: .redirect, use: f.slack.callback)
        open.post("/integrations/slack/interactions", answers: .acknowledged, use: f.slack.interactions)
        signedIn.get("/integrations/slack/status", answers: .json(SlackAppOutput.Status.self), use: f.slack.status)
        signedIn.get("/integrations/slack/install", answers: .json(SlackAppOutput.Install.self), use: f.slack.install)
        signedIn.get("/integrations/slack/channels", answers: .json(SlackAppOutput.Channels.self), use: f.slack.channels)
        signedIn.put(
            "/integrations/slack/channel", body: SlackAppOutput.ChannelInput.self, answers: .json(SlackAppOutput.ChannelSet.self),
            use: f.slack.setChannel)
        signedIn.delete("/integrations/slack", answers: .json(IntegrationJSON.Success.self), use: f.slack.disconnect)
        signedIn.post("/integrations/slack/test", answers: .json(IntegrationJSON.Success.self), use: f.slack.test)

        // API documents (v1 served Swagger at /api-docs): they describe every route registered above, so they
        // stay last.
        open.get("/api-docs", answers: .html, use: f.docs.page)
        open.get("/api-docs.json", answers: .json(FreeFormOutput.self, 200, "this document"), use: f.docs.json)
        open.get("/openapi.json", answers: .json(FreeFormOutput.self, 200, "this document"), use: f.docs.json)
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
