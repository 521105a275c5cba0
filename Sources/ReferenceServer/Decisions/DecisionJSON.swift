import AgentPlannerCore
import Foundation
import Persistence

/// v1's JSON shape of a decision request: every column, snake_case.
enum DecisionJSON {
    static func row(_ decision: DecisionRequest) -> JSONValue {
        func id(_ value: UUID?) -> JSONValue { value.map { .string($0.lowercased) } ?? .null }
        return [
            "id": id(decision.id), "plan_id": id(decision.planID), "node_id": id(decision.nodeID),
            "requested_by_user_id": id(decision.requestedByUserID),
            "requested_by_agent_name": PlanJSON.text(decision.requestedByAgentName),
            "title": .string(decision.title), "context": .string(decision.context), "options": decision.options,
            "urgency": .string(decision.urgency), "expires_at": PlanJSON.time(decision.expiresAt),
            "status": .string(decision.status), "decided_by_user_id": id(decision.decidedByUserID),
            "decision": PlanJSON.text(decision.decision), "rationale": PlanJSON.text(decision.rationale),
            "decided_at": PlanJSON.time(decision.decidedAt), "metadata": decision.metadata,
            "created_at": PlanJSON.time(decision.createdAt), "updated_at": PlanJSON.time(decision.updatedAt),
        ]
    }
}

/// The domain events of decisions, following `DomainEvent`'s payload convention: the request goes to the plan
/// owner (`decision.requested`, or `decision.requested.blocking` when the agent is blocked), the resolution to
/// the requester (`decision.resolved`).
enum DecisionEvents {
    static func requested(_ decision: DecisionRequest, plan: Plan, by identity: AuthenticatedUser) -> DomainEvent {
        let blocking = decision.urgency == "blocking"
        let actorName = decision.requestedByAgentName ?? identity.name ?? identity.email
        let message =
            blocking
            ? "🚨 Blocked: a decision is needed on '\(decision.title)' in plan '\(plan.title)'"
            : "🤔 A decision is needed on '\(decision.title)' in plan '\(plan.title)'"
        return DomainEvent(
            kind: .decisionRequested,
            payload: [
                "recipient_user_id": .string(plan.ownerID.lowercased),
                "v1_event": .string(blocking ? "decision.requested.blocking" : "decision.requested"),
                "plan": summary(plan), "decision": summary(decision),
                "actor": [
                    "name": .string(actorName), "type": .string(decision.requestedByAgentName == nil ? "user" : "agent"),
                    "agent_name": PlanJSON.text(decision.requestedByAgentName),
                ],
                "message": .string(message),
            ],
            actorUserID: identity.id, planID: plan.id, createdAt: decision.createdAt)
    }

    static func resolved(_ decision: DecisionRequest, plan: Plan, by identity: AuthenticatedUser) -> DomainEvent {
        DomainEvent(
            kind: .decisionResolved,
            payload: [
                "recipient_user_id": .string(decision.requestedByUserID.lowercased),
                "v1_event": "decision.resolved",
                "plan": summary(plan), "decision": summary(decision),
                "resolution": [
                    "decision": PlanJSON.text(decision.decision), "rationale": PlanJSON.text(decision.rationale),
                    "decided_at": PlanJSON.time(decision.decidedAt),
                ],
                "actor": ["name": .string(identity.name ?? identity.email), "type": "user"],
                "message": .string("✅ Decided: '\(decision.title)' in plan '\(plan.title)'"),
            ],
            actorUserID: identity.id, planID: plan.id, createdAt: decision.decidedAt ?? Date())
    }

    private static func summary(_ plan: Plan) -> JSONValue {
        ["id": .string(plan.id.lowercased), "title": .string(plan.title)]
    }

    private static func summary(_ decision: DecisionRequest) -> JSONValue {
        [
            "id": .string(decision.id.lowercased), "title": .string(decision.title), "context": .string(decision.context),
            "options": decision.options, "urgency": .string(decision.urgency), "status": .string(decision.status),
            "node_id": decision.nodeID.map { .string($0.lowercased) } ?? .null,
        ]
    }
}
