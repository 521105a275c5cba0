import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// The eight goal routes (ROUTES.md §4.14): path and body in, `GoalService` call, v1's shapes out.
struct GoalsController: Sendable {
    let service: GoalService

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let status = request.uri.queryParameters["status"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let goals = try await FeatureHTTP.run { try await service.list(userID: identity.id, status: status) }
        return FeatureHTTP.ok(["goals": .array(goals.map(GoalOutput.listed))])
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        let detail = try await FeatureHTTP.run { try await service.detail(goalID: goalID, userID: identity.id) }
        return FeatureHTTP.ok(GoalOutput.detail(detail))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try GoalInput.create(try await RequestJSON.read(request, context: context))
        let goal = try await FeatureHTTP.run { try await service.create(input, userID: identity.id) }
        return FeatureHTTP.ok(.object(GoalOutput.row(goal)), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        let changes = try GoalInput.changes(try await RequestJSON.read(request, context: context))
        let goal = try await FeatureHTTP.run {
            try await service.update(
                goalID: goalID, userID: identity.id, changes: changes, denied: "Only the goal owner can update this goal")
        }
        return FeatureHTTP.ok(.object(GoalOutput.row(goal)))
    }

    @Sendable func updateMetrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        var changes = GoalChanges()
        changes.successMetrics = try GoalInput.metrics(try await RequestJSON.read(request, context: context))
        let goal = try await FeatureHTTP.run {
            try await service.update(goalID: goalID, userID: identity.id, changes: changes, denied: "Access denied")
        }
        return FeatureHTTP.ok(.object(GoalOutput.row(goal)))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        try await FeatureHTTP.run { try await service.delete(goalID: goalID, userID: identity.id) }
        return FeatureHTTP.ok(["success": true, "message": "Goal deleted"])
    }

    @Sendable func link(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        let planID = context.optionalPathID("planId")
        let link = try await FeatureHTTP.run { try await service.link(goalID: goalID, planID: planID, userID: identity.id) }
        return FeatureHTTP.ok(
            [
                "id": .string(link.id.lowercased), "plan_id": .string(link.planID.lowercased),
                "goal_id": .string(link.goalID.lowercased), "linked_at": PlanJSON.time(link.linkedAt),
                "linked_by": FeatureHTTP.id(link.linkedBy),
            ], status: .created)
    }

    @Sendable func unlink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        let planID = context.optionalPathID("planId")
        try await FeatureHTTP.run { try await service.unlink(goalID: goalID, planID: planID, userID: identity.id) }
        return FeatureHTTP.ok(["success": true, "message": "Plan unlinked from goal"])
    }
}

/// v1's JSON shapes of goals; `organization_id` and `organization` are always null in v2 (DECISIONS.md §D2).
enum GoalOutput {
    static func row(_ goal: Goal) -> [String: JSONValue] {
        [
            "id": .string(goal.id.lowercased), "organization_id": .null, "owner_id": .string(goal.ownerID.lowercased),
            "title": .string(goal.title), "description": PlanJSON.text(goal.description),
            "success_metrics": goal.successMetrics, "time_horizon": PlanJSON.text(goal.timeHorizon),
            "status": .string(goal.status), "github_repo_url": PlanJSON.text(goal.githubRepoURL),
            "created_by": .string(goal.createdBy.lowercased), "created_at": PlanJSON.time(goal.createdAt),
            "updated_at": PlanJSON.time(goal.updatedAt),
        ]
    }

    static func listed(_ item: GoalService.Listed) -> JSONValue {
        var object = row(item.goal)
        object["organization"] = .null
        object["created_by_user"] = PlanJSON.user(item.owner, id: item.goal.ownerID)
        object["linked_plans_count"] = .number(Double(item.linkedPlans))
        return .object(object)
    }

    static func detail(_ detail: GoalService.Detail) -> JSONValue {
        var object = row(detail.goal)
        object["organization"] = .null
        object["created_by_user"] = PlanJSON.user(detail.owner, id: detail.goal.ownerID)
        object["linked_plans"] = .array(
            detail.linkedPlans.map { linked in
                [
                    "id": .string(linked.plan.id.lowercased), "title": .string(linked.plan.title),
                    "status": .string(linked.plan.status), "progress": .number(Double(linked.progress)),
                    "linked_at": PlanJSON.time(linked.link.linkedAt),
                ]
            })
        return .object(object)
    }
}
