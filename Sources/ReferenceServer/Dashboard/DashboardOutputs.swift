import AgentPlannerCore
import Foundation
import Persistence

/// The answers of `/dashboard/*` besides the summary and recent plans (ROUTES.md §4.15).
enum DashboardOutput {
    /// `GET /dashboard/pending`: open decisions and agent requests of the caller's plans.
    struct Pending: ShapedOutput {
        let pending: DashboardService.Pending
        static let shape = ObjectShape<Pending>([
            .objects("decisions", decision) { $0.pending.decisions }, .objects("agent_requests", request) { $0.pending.agentRequests },
            .integer("total") { $0.pending.decisions.count + $0.pending.agentRequests.count },
        ])

        // v1 selected a `description` column that does not exist; the decision's text is its context.
        private static let decision = ObjectShape<DashboardDecision>([
            .id("id") { $0.id }, .text("title") { $0.title }, .text("description") { $0.context }, .text("urgency") { $0.urgency },
            .time("created_at") { $0.createdAt }, .id("plan_id") { $0.planID }, .text("plan_title") { $0.planTitle },
            .optionalID("node_id") { $0.nodeID },
        ])

        private static let request = ObjectShape<DashboardAgentRequest>([
            .id("id") { $0.id }, .text("task_title") { $0.title }, .text("request_type") { $0.requestType },
            .time("requested_at") { $0.requestedAt }, .optionalText("message") { $0.message }, .id("plan_id") { $0.planID },
            .text("plan_title") { $0.planTitle },
        ])
    }

    /// `GET /dashboard/active-goals`: each goal with its progress from its metrics.
    struct ActiveGoals: ShapedOutput {
        let goals: [Goal]
        static let shape = ObjectShape<ActiveGoals>([.objects("goals", goal) { $0.goals }])
        private static let goal = GoalShapes.columns
            .keeping(["id", "title", "description", "status", "time_horizon", "success_metrics", "created_at", "updated_at"])
            .adding([.value("progress", PlanShapes.progress) { .number(Double(DashboardService.goalProgress($0.successMetrics))) }])
    }

    /// `GET /dashboard/agent-activity`: agents, their assignments and recent logs (v2 has no handoffs).
    struct AgentActivity: ShapedOutput {
        let activity: DashboardService.AgentActivity
        static let shape = ObjectShape<AgentActivity>([
            .list("agents") { $0.activity.agents.map(AgentCard.init) }, .objects("assignments", assignment) { $0.activity.assignments },
            .value("handoffs", JSONSchema.array(JSONSchema.freeForm("v2 keeps no handoffs"))) { _ in [] },
            .objects("recentActivity", log) { $0.activity.logs },
        ])

        private static let assignment = ObjectShape<DashboardAssignment>([
            .id("id") { $0.id }, .text("title") { $0.title }, .text("status") { $0.status },
            .id("assigned_agent_id") { $0.assignedAgentID }, .time("assigned_agent_at") { $0.assignedAgentAt },
            .id("plan_id") { $0.planID }, .object("plans", ObjectShape<String>([.text("title") { $0 }])) { $0.planTitle },
        ])

        private static let log = ObjectShape<DashboardLog>([
            .id("id") { $0.id }, .id("plan_node_id") { $0.nodeID }, .optionalID("user_id") { $0.userID },
            .text("content") { $0.content }, .text("log_type") { $0.logType }, .time("created_at") { $0.createdAt },
        ])
    }
}
