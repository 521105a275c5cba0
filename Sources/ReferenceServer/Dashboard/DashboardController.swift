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
        let decisions: [JSONValue] = pending.decisions.map { decision in
            [
                "id": .string(decision.id.lowercased), "title": .string(decision.title),
                // v1 selected a `description` column that does not exist; the decision's text is its context.
                "description": .string(decision.context), "urgency": .string(decision.urgency),
                "created_at": PlanJSON.time(decision.createdAt), "plan_id": .string(decision.planID.lowercased),
                "plan_title": .string(decision.planTitle), "node_id": FeatureHTTP.id(decision.nodeID),
            ]
        }
        let requests: [JSONValue] = pending.agentRequests.map { item in
            [
                "id": .string(item.id.lowercased), "task_title": .string(item.title), "request_type": .string(item.requestType),
                "requested_at": PlanJSON.time(item.requestedAt), "message": PlanJSON.text(item.message),
                "plan_id": .string(item.planID.lowercased), "plan_title": .string(item.planTitle),
            ]
        }
        return FeatureHTTP.ok([
            "decisions": .array(decisions), "agent_requests": .array(requests),
            "total": .number(Double(decisions.count + requests.count)),
        ])
    }

    @Sendable func recentPlans(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let plans = try await service.recentPlans(userID: identity.id, limit: FeatureHTTP.limit(request, default: 6, maximum: 20))
        return RecentPlans(plans: plans.map { RecentPlans.Item(recent: $0, caller: identity.id) }).response()
    }

    @Sendable func activeGoals(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goals = try await service.activeGoals(userID: identity.id, limit: FeatureHTTP.limit(request, default: 5, maximum: 20))
        return FeatureHTTP.ok([
            "goals": .array(
                goals.map { goal in
                    [
                        "id": .string(goal.id.lowercased), "title": .string(goal.title),
                        "description": PlanJSON.text(goal.description), "status": .string(goal.status),
                        "time_horizon": PlanJSON.text(goal.timeHorizon), "success_metrics": goal.successMetrics,
                        "created_at": PlanJSON.time(goal.createdAt), "updated_at": PlanJSON.time(goal.updatedAt),
                        "progress": .number(Double(DashboardService.goalProgress(goal.successMetrics))),
                    ]
                })
        ])
    }

    @Sendable func agentActivity(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let activity = try await service.agentActivity(userID: identity.id)
        return FeatureHTTP.ok([
            "agents": .array(
                activity.agents.map { user in
                    [
                        "id": .string(user.id.lowercased), "name": PlanJSON.text(user.name), "email": .string(user.email),
                        "avatar_url": PlanJSON.text(user.avatarURL),
                        "capability_tags": .array(user.capabilityTags.map(JSONValue.string)),
                    ]
                }),
            "assignments": .array(
                activity.assignments.map { item in
                    [
                        "id": .string(item.id.lowercased), "title": .string(item.title), "status": .string(item.status),
                        "assigned_agent_id": .string(item.assignedAgentID.lowercased),
                        "assigned_agent_at": PlanJSON.time(item.assignedAgentAt), "plan_id": .string(item.planID.lowercased),
                        "plans": ["title": .string(item.planTitle)],
                    ]
                }),
            "handoffs": [],
            "recentActivity": .array(
                activity.logs.map { log in
                    [
                        "id": .string(log.id.lowercased), "plan_node_id": .string(log.nodeID.lowercased),
                        "user_id": FeatureHTTP.id(log.userID), "content": .string(log.content),
                        "log_type": .string(log.logType), "created_at": PlanJSON.time(log.createdAt),
                    ]
                }),
        ])
    }
}
