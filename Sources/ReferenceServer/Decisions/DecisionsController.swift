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
        return JSONResponse.make(
            JSONValue.object([
                "data": .array(rows.map(DecisionJSON.row)),
                "pagination": [
                    "total": .number(Double(total)), "limit": .number(Double(filter.limit)),
                    "offset": .number(Double(filter.offset)), "has_more": .bool(filter.offset + rows.count < total),
                ],
            ]))
    }

    @Sendable func pendingCount(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, _) = try DecisionInput.ids(context, decision: false)
        let count = try await decisions.pendingCount(planID: planID, caller: identity)
        return JSONResponse.make(JSONValue.object(["pending_count": .number(Double(count))]))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        return JSONResponse.make(DecisionJSON.row(try await decisions.decision(decisionID, planID: planID, caller: identity)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, _) = try DecisionInput.ids(context, decision: false)
        let input = try await DecisionInput.creation(request, context)
        let decision = try await decisions.create(input, planID: planID, by: identity)
        return JSONResponse.make(DecisionJSON.row(decision), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        let changes = try await DecisionInput.changes(request, context)
        return JSONResponse.make(
            DecisionJSON.row(try await decisions.update(decisionID, planID: planID, changes: changes, by: identity)))
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
        let (text, rationale) = try await DecisionInput.resolution(request, context)
        let decision = try await decisions.resolve(decisionID, planID: planID, decision: text, rationale: rationale, by: identity)
        return JSONResponse.make(DecisionJSON.row(decision))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        let reason = try await DecisionInput.cancellation(request, context)
        return JSONResponse.make(DecisionJSON.row(try await decisions.cancel(decisionID, planID: planID, reason: reason, by: identity)))
    }
}
