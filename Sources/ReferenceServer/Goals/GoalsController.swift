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
        return GoalList(goals: goals).response()
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        let detail = try await FeatureHTTP.run { try await service.detail(goalID: goalID, userID: identity.id) }
        return GoalDetail(detail: detail).response()
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await GoalInput.Create.read(request, context)
        let goal = try await FeatureHTTP.run { try await service.create(input, userID: identity.id) }
        return GoalRow(goal: goal).response(.created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        let changes = try await GoalInput.Changes.read(request, context).changes
        let goal = try await FeatureHTTP.run {
            try await service.update(
                goalID: goalID, userID: identity.id, changes: changes, denied: "Only the goal owner can update this goal")
        }
        return GoalRow(goal: goal).response()
    }

    @Sendable func updateMetrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        var changes = GoalChanges()
        changes.successMetrics = try await GoalInput.Metrics.read(request, context).metrics
        let goal = try await FeatureHTTP.run {
            try await service.update(goalID: goalID, userID: identity.id, changes: changes, denied: "Access denied")
        }
        return GoalRow(goal: goal).response()
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        try await FeatureHTTP.run { try await service.delete(goalID: goalID, userID: identity.id) }
        return SuccessMessage(message: "Goal deleted").response()
    }

    @Sendable func link(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        let planID = context.optionalPathID("planId")
        let link = try await FeatureHTTP.run { try await service.link(goalID: goalID, planID: planID, userID: identity.id) }
        return GoalLinkRow(link: link).response(.created)
    }

    @Sendable func unlink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let goalID = context.optionalPathID("id")
        let planID = context.optionalPathID("planId")
        try await FeatureHTTP.run { try await service.unlink(goalID: goalID, planID: planID, userID: identity.id) }
        return SuccessMessage(message: "Plan unlinked from goal").response()
    }
}

/// v1's JSON shapes of goals; `organization_id` and `organization` are always null in v2 (DECISIONS.md §D2).
enum GoalShapes {
    static let columns = ObjectShape<Goal>([
        .id("id") { $0.id }, .value("organization_id", JSONSchema.type("null")) { _ in .null }, .id("owner_id") { $0.ownerID },
        .text("title") { $0.title }, .optionalText("description") { $0.description },
        .stored("success_metrics", "the goal's stored metrics array") { $0.successMetrics },
        .optionalText("time_horizon") { $0.timeHorizon }, .text("status") { $0.status },
        .optionalText("github_repo_url") { $0.githubRepoURL }, .id("created_by") { $0.createdBy },
        .time("created_at") { $0.createdAt }, .time("updated_at") { $0.updatedAt },
    ])
}

struct GoalRow: ShapedOutput {
    let goal: Goal
    static let shape = GoalShapes.columns.reading { (row: GoalRow) in row.goal }
}

/// `GET /goals`: `{goals: [...]}`, each with its creator and how many plans it links.
struct GoalList: ShapedOutput {
    struct Item: ShapedOutput {
        let item: GoalService.Listed
        static let shape = GoalShapes.columns.reading { (listed: Item) in listed.item.goal }
            .adding([
                .value("organization", JSONSchema.type("null")) { _ in .null },
                .nested("created_by_user") { UserReference(user: $0.item.owner, id: $0.item.goal.ownerID) },
                .integer("linked_plans_count") { $0.item.linkedPlans },
            ])
    }

    let goals: [GoalService.Listed]
    static let shape = ObjectShape<GoalList>([.list("goals") { $0.goals.map(Item.init) }])
}

/// `GET /goals/:id`: the goal, its creator and its linked plans with their progress.
struct GoalDetail: ShapedOutput {
    struct Linked: ShapedOutput {
        let linked: GoalService.LinkedPlan
        static let shape = ObjectShape<Linked>([
            .id("id") { $0.linked.plan.id }, .text("title") { $0.linked.plan.title }, .text("status") { $0.linked.plan.status },
            .value("progress", PlanShapes.progress) { .number(Double($0.linked.progress)) },
            .time("linked_at") { $0.linked.link.linkedAt },
        ])
    }

    let detail: GoalService.Detail
    static let shape = GoalShapes.columns.reading { (shown: GoalDetail) in shown.detail.goal }
        .adding([
            .value("organization", JSONSchema.type("null")) { _ in .null },
            .nested("created_by_user") { UserReference(user: $0.detail.owner, id: $0.detail.goal.ownerID) },
            .list("linked_plans") { $0.detail.linkedPlans.map(Linked.init) },
        ])
}

/// `POST /goals/:id/plans/:planId`: the link row.
struct GoalLinkRow: ShapedOutput {
    let link: PlanGoalLink
    static let shape = ObjectShape<GoalLinkRow>([
        .id("id") { $0.link.id }, .id("plan_id") { $0.link.planID }, .id("goal_id") { $0.link.goalID },
        .time("linked_at") { $0.link.linkedAt }, .optionalID("linked_by") { $0.link.linkedBy },
    ])
}

/// `{success: true, message}`.
struct SuccessMessage: ShapedOutput {
    let message: String
    static let shape = ObjectShape<SuccessMessage>([.flag("success") { _ in true }, .text("message") { $0.message }])
}
