import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// `/dashboard/*` (ROUTES.md §4.15): query in, service call, v1's shapes out.
struct DashboardController: Sendable {
    let service: DashboardService

    /// `GET /dashboard/summary`: v2 has no knowledge entries (always 0).
    struct Summary: ShapedOutput {
        let summary: DashboardService.Summary
        static let shape = ObjectShape<Summary>([
            .integer("pending_decisions_count") { $0.summary.pendingDecisions },
            .integer("pending_agent_requests_count") { $0.summary.pendingAgentRequests },
            .integer("active_plans_count") { $0.summary.activePlans },
            .integer("tasks_completed_this_week") { $0.summary.tasksCompletedThisWeek },
            .integer("active_goals_count") { $0.summary.activeGoals }, .integer("knowledge_entries_count") { _ in 0 },
        ])
    }

    /// `GET /dashboard/recent-plans`.
    struct RecentPlans: ShapedOutput {
        struct Item: ShapedOutput {
            let recent: DashboardService.RecentPlan
            let caller: UUID
            static let shape = PlanShapes.columns
                .keeping(["id", "title", "description", "status", "created_at", "updated_at", "owner_id"])
                .reading { (item: Item) in item.recent.plan }
                .adding([
                    .value("progress", PlanShapes.progress) { .number(Double($0.recent.progress)) },
                    .flag("is_owner") { $0.recent.plan.ownerID == $0.caller },
                ])
        }

        let plans: [Item]
        static let shape = ObjectShape<RecentPlans>([.list("plans") { $0.plans }])
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let summary = try await service.summary(userID: identity.id)
        return Summary(summary: summary).response()
    }

    @Sendable func pending(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let pending = try await service.pending(userID: identity.id, limit: FeatureHTTP.limit(request, default: 5, maximum: 20))
        return DashboardOutput.Pending(pending: pending).response()
    }

    @Sendable func recentPlans(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let plans = try await service.recentPlans(userID: identity.id, limit: FeatureHTTP.limit(request, default: 6, maximum: 20))
        return RecentPlans(plans: plans.map { RecentPlans.Item(recent: $0, caller: identity.id) }).response()
    }

    @Sendable func activeGoals(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goals = try await service.activeGoals(userID: identity.id, limit: FeatureHTTP.limit(request, default: 5, maximum: 20))
        return DashboardOutput.ActiveGoals(goals: goals).response()
    }

    @Sendable func agentActivity(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let activity = try await service.agentActivity(userID: identity.id)
        return DashboardOutput.AgentActivity(activity: activity).response()
    }
}
