import AgentPlannerCore
import Foundation
import Persistence

/// Decision requests (ROUTES.md §4.5): who may read, ask, change, resolve, cancel and delete them, and what each
/// writes, one transaction each; outbox and realtime events. Knows nothing of HTTP.
///
/// Resolve and cancel are one conditional UPDATE on the pending row (`DecisionRequestRepository`): a caller who
/// read `pending` but lost the race to another resolve or cancel gets v1's 409. Requests past `expires_at` are
/// marked `expired` before each use (v1 never set `expired` at all).
struct DecisionService: Sendable {
    let store: any DatabaseStore
    let realtime: any RealtimeBus
    let policy = PlanAccessPolicy()

    static let noAccess = "You do not have access to this plan"
    static let noEditAccess = "You do not have edit access to this plan"
    static let notFound = APIError(.notFound, "Decision request not found")
    static let expired = APIError(.badRequest, "Decision request has expired")

    func list(planID: UUID, filter: DecisionRequestFilter, caller: AuthenticatedUser) async throws
        -> (rows: [DecisionRequest], total: Int)
    {
        try await expireDue(planID)
        return try await store.withSession { session in
            _ = try await policy.require(.read, planID, userID: caller.id, in: session, message: Self.noAccess)
            return try await session.decisions.list(planID: planID, filter: filter)
        }
    }

    func pendingCount(planID: UUID, caller: AuthenticatedUser) async throws -> Int {
        try await expireDue(planID)
        return try await store.withSession { session in
            _ = try await policy.require(.read, planID, userID: caller.id, in: session, message: Self.noAccess)
            return try await session.decisions.pendingCount(planID: planID)
        }
    }

    func decision(_ decisionID: UUID, planID: UUID, caller: AuthenticatedUser) async throws -> DecisionRequest {
        try await expireDue(planID)
        return try await store.withSession { session in
            _ = try await policy.require(.read, planID, userID: caller.id, in: session, message: Self.noAccess)
            guard let decision = try await session.decisions.find(id: decisionID, planID: planID) else { throw Self.notFound }
            return decision
        }
    }

    /// Records `decision.requested` for the plan owner in the same transaction as the row.
    func create(_ input: DecisionInput.Creation, planID: UUID, by caller: AuthenticatedUser) async throws -> DecisionRequest {
        let decision = try await store.transaction { session in
            let access = try await policy.require(.edit, planID, userID: caller.id, in: session, message: Self.noEditAccess)
            if let nodeID = input.nodeID {
                guard let node = try await session.planNodes.find(id: nodeID), node.planID == planID else {
                    throw APIError(.badRequest, "Node not found in this plan")
                }
            }
            let decision = try await session.decisions.create(
                NewDecisionRequest(
                    planID: planID, nodeID: input.nodeID, requestedByUserID: caller.id,
                    requestedByAgentName: input.agentName, title: input.title, context: input.context,
                    options: input.options, urgency: input.urgency, expiresAt: input.expiresAt, metadata: input.metadata))
            try await session.domainEvents.record(DecisionEvents.requested(decision, plan: access.plan, by: caller))
            return decision
        }
        await realtime.publish(RealtimeEvents.decisionRequested(decision, by: caller))
        return decision
    }

    func update(
        _ decisionID: UUID, planID: UUID, changes: DecisionRequestChanges, by caller: AuthenticatedUser
    ) async throws -> DecisionRequest {
        try await expireDue(planID)
        return try await store.transaction { session in
            _ = try await policy.require(.edit, planID, userID: caller.id, in: session, message: Self.noEditAccess)
            guard try await session.decisions.find(id: decisionID, planID: planID) != nil else { throw Self.notFound }
            guard let updated = try await session.decisions.update(id: decisionID, planID: planID, changes: changes, at: Date())
            else { throw APIError(.badRequest, "Cannot update a decision request that has already been resolved") }
            return updated
        }
    }

    /// Owner only; succeeds whether or not the request existed (v1).
    func delete(_ decisionID: UUID, planID: UUID, by caller: AuthenticatedUser) async throws {
        try await store.transaction { session in
            _ = try await policy.require(
                .owner, planID, userID: caller.id, in: session, message: "Only plan owners can delete decision requests")
            try await session.decisions.delete(id: decisionID, planID: planID)
        }
    }

    /// Records `decision.resolved` for the requester in the same transaction as the resolution.
    func resolve(
        _ decisionID: UUID, planID: UUID, decision text: String, rationale: String?, by caller: AuthenticatedUser
    ) async throws -> DecisionRequest {
        try await expireDue(planID)
        let decision = try await store.transaction { session -> DecisionRequest in
            let access = try await policy.require(.edit, planID, userID: caller.id, in: session, message: Self.noEditAccess)
            guard let current = try await session.decisions.find(id: decisionID, planID: planID) else { throw Self.notFound }
            if current.status == "expired" { throw Self.expired }
            guard current.status == "pending" else { throw APIError(.badRequest, "Decision request has already been resolved") }
            let now = Date()
            guard
                let resolved = try await session.decisions.resolve(
                    id: decisionID, planID: planID, decidedBy: caller.id, decision: text, rationale: rationale, at: now)
            else {
                // The row changed between our read and our conditional update.
                if let expiresAt = current.expiresAt, expiresAt <= now { throw Self.expired }
                throw APIError(.conflict, "Decision was already resolved by another user")
            }
            try await session.domainEvents.record(DecisionEvents.resolved(resolved, plan: access.plan, by: caller))
            return resolved
        }
        await realtime.publish(RealtimeEvents.decisionResolved(decision, by: caller))
        return decision
    }

    /// Keeps the old metadata and adds `cancellation_reason` when one is given.
    func cancel(_ decisionID: UUID, planID: UUID, reason: String?, by caller: AuthenticatedUser) async throws
        -> DecisionRequest
    {
        try await expireDue(planID)
        return try await store.transaction { session in
            _ = try await policy.require(.edit, planID, userID: caller.id, in: session, message: Self.noEditAccess)
            guard let current = try await session.decisions.find(id: decisionID, planID: planID) else { throw Self.notFound }
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
                throw APIError(.conflict, "Decision status changed - it may have been resolved or cancelled by another user")
            }
            return cancelled
        }
    }

    /// Marks the plan's pending requests past `expires_at` as `expired` in a transaction of its own, so the mark
    /// stays even when the request that noticed it is refused.
    private func expireDue(_ planID: UUID) async throws {
        _ = try await store.transaction { session in try await session.decisions.expirePending(planID: planID, now: Date()) }
    }
}
