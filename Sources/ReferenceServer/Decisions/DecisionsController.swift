import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Decision requests (ROUTES.md §4.5); the rules are in `DecisionService`.
///
/// Order of answers as v1: 401, then the path ids, query and body (400), then access (403), then 404.
struct DecisionsController {
    let decisions: DecisionService

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, _) = try DecisionInput.ids(context, decision: false)
        let filter = try DecisionInput.filter(request)
        let (rows, total) = try await decisions.list(planID: planID, filter: filter, caller: identity)
        return DecisionPage(rows: rows, total: total, filter: filter).response()
    }

    @Sendable func pendingCount(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, _) = try DecisionInput.ids(context, decision: false)
        let count = try await decisions.pendingCount(planID: planID, caller: identity)
        return PendingCount(count: count).response()
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        return DecisionRow(decision: try await decisions.decision(decisionID, planID: planID, caller: identity)).response()
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, _) = try DecisionInput.ids(context, decision: false)
        let input = try await DecisionInput.Creation.read(request, context)
        return DecisionRow(decision: try await decisions.create(input, planID: planID, by: identity)).response(.created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        let changes = try await DecisionChangesInput.read(request, context).changes
        return DecisionRow(decision: try await decisions.update(decisionID, planID: planID, changes: changes, by: identity)).response()
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        try await decisions.delete(decisionID, planID: planID, by: identity)
        return Response(status: .noContent)
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        let input = try await DecisionResolutionInput.read(request, context)
        let decision = try await decisions.resolve(decisionID, planID: planID, decision: input.decision, rationale: input.rationale, by: identity)
        return DecisionRow(decision: decision).response()
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        let reason = try await DecisionCancellationInput.read(request, context).reason
        return DecisionRow(decision: try await decisions.cancel(decisionID, planID: planID, reason: reason, by: identity)).response()
    }
}
