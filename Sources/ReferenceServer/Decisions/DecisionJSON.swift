import AgentPlannerCore
import Foundation
import Persistence

/// v1's JSON shape of a decision request: every column, snake_case.
struct DecisionRow: ShapedOutput {
    let decision: DecisionRequest
    static let shape = ObjectShape<DecisionRow>([
        .id("id") { $0.decision.id }, .id("plan_id") { $0.decision.planID }, .optionalID("node_id") { $0.decision.nodeID },
        .id("requested_by_user_id") { $0.decision.requestedByUserID },
        .optionalText("requested_by_agent_name") { $0.decision.requestedByAgentName },
        .text("title") { $0.decision.title }, .text("context") { $0.decision.context },
        .value("options", JSONSchema.array(DecisionInput.optionSchema)) { $0.decision.options },
        .value("urgency", JSONSchema.oneOf(ValueDomains.decisionUrgency)) { .string($0.decision.urgency) },
        .time("expires_at") { $0.decision.expiresAt },
        .value("status", JSONSchema.oneOf(ValueDomains.decisionStatus)) { .string($0.decision.status) },
        .optionalID("decided_by_user_id") { $0.decision.decidedByUserID },
        .optionalText("decision") { $0.decision.decision }, .optionalText("rationale") { $0.decision.rationale },
        .time("decided_at") { $0.decision.decidedAt }, .stored("metadata", "the stored metadata object") { $0.decision.metadata },
        .time("created_at") { $0.decision.createdAt }, .time("updated_at") { $0.decision.updatedAt },
    ])
}

/// `GET /plans/:id/decisions`: a page of rows, newest first.
struct DecisionPage: ShapedOutput {
    let rows: [DecisionRequest]
    let total: Int
    let filter: DecisionRequestFilter
    static let shape = ObjectShape<DecisionPage>([
        .list("data") { $0.rows.map(DecisionRow.init) },
        .value(
            "pagination",
            JSONSchema.object(
                [
                    "total": JSONSchema.type("integer"), "limit": JSONSchema.type("integer"), "offset": JSONSchema.type("integer"),
                    "has_more": JSONSchema.type("boolean"),
                ],
                required: ["total", "limit", "offset", "has_more"])
        ) { page in
            [
                "total": .number(Double(page.total)), "limit": .number(Double(page.filter.limit)),
                "offset": .number(Double(page.filter.offset)), "has_more": .bool(page.filter.offset + page.rows.count < page.total),
            ]
        },
    ])
}

/// `GET /plans/:id/decisions/pending-count`.
struct PendingCount: ShapedOutput {
    let count: Int
    static let shape = ObjectShape<PendingCount>([.integer("pending_count") { $0.count }])
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
