import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Decision requests (ROUTES.md §4.5): list, pending count, get, create, update and delete. Resolving and
/// cancelling are in `DecisionResolutionController`.
///
/// Order of answers as v1: 401, then the path ids, query and body (400), then access (403), then 404.
struct DecisionsController {
    let store: any DatabaseStore
    let realtime: any RealtimeBus
    let policy = PlanAccessPolicy()

    static let noAccess = "You do not have access to this plan"
    static let noEditAccess = "You do not have edit access to this plan"
    static let notFound = APIError(.notFound, "Decision request not found")

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(":id/decisions", use: list)
        group.get(":id/decisions/pending-count", use: pendingCount)
        group.get(":id/decisions/:decisionId", use: get)
        group.post(":id/decisions", use: create)
        group.put(":id/decisions/:decisionId", use: update)
        group.delete(":id/decisions/:decisionId", use: delete)
    }

    /// Marks the plan's pending requests past `expires_at` as `expired` in a transaction of its own, so the
    /// mark stays even when the request that noticed it is refused (v1 never set `expired` at all).
    static func expireDue(_ store: any DatabaseStore, planID: UUID) async throws {
        _ = try await store.transaction { session in try await session.decisions.expirePending(planID: planID, now: Date()) }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, _) = try DecisionInput.ids(context, decision: false)
        let filter = try DecisionInput.filter(request)
        try await Self.expireDue(store, planID: planID)
        let (rows, total) = try await store.withSession { session in
            _ = try await policy.require(.read, planID, userID: identity.id, in: session, message: Self.noAccess)
            return try await session.decisions.list(planID: planID, filter: filter)
        }
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
        try await Self.expireDue(store, planID: planID)
        let count = try await store.withSession { session in
            _ = try await policy.require(.read, planID, userID: identity.id, in: session, message: Self.noAccess)
            return try await session.decisions.pendingCount(planID: planID)
        }
        return JSONResponse.make(JSONValue.object(["pending_count": .number(Double(count))]))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        try await Self.expireDue(store, planID: planID)
        let decision = try await store.withSession { session in
            _ = try await policy.require(.read, planID, userID: identity.id, in: session, message: Self.noAccess)
            guard let decision = try await session.decisions.find(id: decisionID, planID: planID) else { throw Self.notFound }
            return decision
        }
        return JSONResponse.make(DecisionJSON.row(decision))
    }

    /// Records `decision.requested` for the plan owner in the same transaction as the row.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, _) = try DecisionInput.ids(context, decision: false)
        let input = try await DecisionInput.creation(request, context)
        let decision = try await store.transaction { session in
            let access = try await policy.require(.edit, planID, userID: identity.id, in: session, message: Self.noEditAccess)
            if let nodeID = input.nodeID {
                guard let node = try await session.planNodes.find(id: nodeID), node.planID == planID else {
                    throw APIError(.badRequest, "Node not found in this plan")
                }
            }
            let decision = try await session.decisions.create(
                NewDecisionRequest(
                    planID: planID, nodeID: input.nodeID, requestedByUserID: identity.id,
                    requestedByAgentName: input.agentName, title: input.title, context: input.context,
                    options: input.options, urgency: input.urgency, expiresAt: input.expiresAt, metadata: input.metadata))
            try await session.domainEvents.record(DecisionEvents.requested(decision, plan: access.plan, by: identity))
            return decision
        }
        await realtime.publish(RealtimeEvents.decisionRequested(decision, by: identity))
        return JSONResponse.make(DecisionJSON.row(decision), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        let changes = try await DecisionInput.changes(request, context)
        try await Self.expireDue(store, planID: planID)
        let decision = try await store.transaction { session in
            _ = try await policy.require(.edit, planID, userID: identity.id, in: session, message: Self.noEditAccess)
            guard try await session.decisions.find(id: decisionID, planID: planID) != nil else { throw Self.notFound }
            guard let updated = try await session.decisions.update(id: decisionID, planID: planID, changes: changes, at: Date())
            else { throw APIError(.badRequest, "Cannot update a decision request that has already been resolved") }
            return updated
        }
        return JSONResponse.make(DecisionJSON.row(decision))
    }

    /// Owner only; 204 whether or not the request existed (v1).
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        try await store.transaction { session in
            _ = try await policy.require(
                .owner, planID, userID: identity.id, in: session, message: "Only plan owners can delete decision requests")
            try await session.decisions.delete(id: decisionID, planID: planID)
        }
        return Response(status: .noContent)
    }
}
