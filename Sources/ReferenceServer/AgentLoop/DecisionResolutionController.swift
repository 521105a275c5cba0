import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Resolving and cancelling decision requests (ROUTES.md §4.5).
///
/// Both are one conditional UPDATE on the pending row (`DecisionRequestRepository`): a caller who read
/// `pending` but lost the race to another resolve or cancel gets v1's 409.
struct DecisionResolutionController {
    let store: any DatabaseStore
    let realtime: any RealtimeBus
    let policy = PlanAccessPolicy()

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(":id/decisions/:decisionId/resolve", use: resolve)
        group.post(":id/decisions/:decisionId/cancel", use: cancel)
    }

    static let expired = APIError(.badRequest, "Decision request has expired")

    /// Records `decision.resolved` for the requester in the same transaction as the resolution.
    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        let (text, rationale) = try await DecisionInput.resolution(request, context)
        try await DecisionsController.expireDue(store, planID: planID)
        let decision = try await store.transaction { session -> DecisionRequest in
            let access = try await policy.require(
                .edit, planID, userID: identity.id, in: session, message: DecisionsController.noEditAccess)
            guard let current = try await session.decisions.find(id: decisionID, planID: planID) else {
                throw DecisionsController.notFound
            }
            if current.status == "expired" { throw Self.expired }
            guard current.status == "pending" else { throw APIError(.badRequest, "Decision request has already been resolved") }
            let now = Date()
            guard
                let resolved = try await session.decisions.resolve(
                    id: decisionID, planID: planID, decidedBy: identity.id, decision: text, rationale: rationale, at: now)
            else {
                // The row changed between our read and our conditional update.
                if let expiresAt = current.expiresAt, expiresAt <= now { throw Self.expired }
                throw APIError(.conflict, "Decision was already resolved by another user")
            }
            try await session.domainEvents.record(DecisionEvents.resolved(resolved, plan: access.plan, by: identity))
            return resolved
        }
        await realtime.publish(RealtimeEvents.decisionResolved(decision, by: identity))
        return JSONResponse.make(DecisionJSON.row(decision))
    }

    /// Keeps the old metadata and adds `cancellation_reason` when one is given.
    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (planID, decisionID) = try DecisionInput.ids(context, decision: true)
        let reason = try await DecisionInput.cancellation(request, context)
        try await DecisionsController.expireDue(store, planID: planID)
        let decision = try await store.transaction { session -> DecisionRequest in
            _ = try await policy.require(
                .edit, planID, userID: identity.id, in: session, message: DecisionsController.noEditAccess)
            guard let current = try await session.decisions.find(id: decisionID, planID: planID) else {
                throw DecisionsController.notFound
            }
            guard current.status == "pending" else {
                throw APIError(.badRequest, "Cannot cancel a decision request that has already been resolved")
            }
            var metadata: [String: JSONValue] = [:]
            if case .object(let existing) = current.metadata { metadata = existing }
            if let reason, !reason.isEmpty { metadata["cancellation_reason"] = .string(reason) }
            guard
                let cancelled = try await session.decisions.cancel(
                    id: decisionID, planID: planID, metadata: .object(metadata), at: Date())
            else {
                throw APIError(
                    .conflict, "Decision status changed - it may have been resolved or cancelled by another user")
            }
            return cancelled
        }
        return JSONResponse.make(DecisionJSON.row(decision))
    }
}
